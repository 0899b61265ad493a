#!/bin/bash
# kube-local's stand-in for the Jupyter Docker Stacks' start.sh. The image's
# script sets up the user when the container starts as root, and runs the
# hooks of /usr/local/bin/start-notebook.d; a workspace runs as its user, and
# those hooks are empty in the stock images, so what is left is to run the
# command.
exec "$@"
