"""Running Harbour as an organisation does: PostgreSQL, several Harbour processes, HAProxy in front of them.

`python -m deploy.cluster` (`make cluster`) runs all three on this machine for a trial; deploy/haproxy.cfg is the
load balancer's configuration to read and copy; tests and `bench/load.py` drive `deploy.cluster.Cluster`.
"""
