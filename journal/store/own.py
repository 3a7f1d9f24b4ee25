"""(Being built for issue 17; see the module map in README.md.)"""
