#!/usr/bin/env python3
# kube-local's stand-in for the Jupyter Docker Stacks' start-notebook.py, with
# the same behaviour: `jupyter <DOCKER_STACKS_JUPYTER_CMD, lab by default>`
# with the arguments of NOTEBOOK_ARGS (split like a shell) and its own.
import os
import shlex
import sys

if "JUPYTERHUB_API_TOKEN" in os.environ:
    print("WARNING: using start-singleuser.py instead of start-notebook.py", flush=True)
    os.execvp("start-singleuser.py", ["start-singleuser.py", *sys.argv[1:]])

command = []
if not os.environ.get("_START_SH_EXECUTED"):
    command.append("start.sh")
command.append("jupyter")
command.append(os.environ.get("DOCKER_STACKS_JUPYTER_CMD", "lab"))
if "NOTEBOOK_ARGS" in os.environ:
    command += shlex.split(os.environ["NOTEBOOK_ARGS"])
command += sys.argv[1:]
print("Executing: " + " ".join(command), flush=True)
os.execvp(command[0], command)
