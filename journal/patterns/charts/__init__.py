"""Charts and their captions: drawing (the shared look and fast specs), personal, captions, group."""
