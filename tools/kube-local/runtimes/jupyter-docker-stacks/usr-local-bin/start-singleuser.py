#!/usr/bin/env python3
# kube-local's stand-in for the Jupyter Docker Stacks' start-singleuser.py:
# `jupyterhub-singleuser` with the arguments of NOTEBOOK_ARGS and its own.
import os
import shlex
import sys

command = ["start.sh", "jupyterhub-singleuser"]
if "NOTEBOOK_ARGS" in os.environ:
    command += shlex.split(os.environ["NOTEBOOK_ARGS"])
command += sys.argv[1:]
print("Executing: " + " ".join(command), flush=True)
os.execvp(command[0], command)
