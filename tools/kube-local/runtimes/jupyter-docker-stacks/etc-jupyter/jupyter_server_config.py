# The Jupyter Docker Stacks' /etc/jupyter/jupyter_server_config.py, as kube-local
# runs it: listen on every address of the pod (kube-local's pods have one, their
# loopback address) at JUPYTER_PORT, no browser, delete for real.
import os

c = get_config()  # noqa: F821
c.ServerApp.ip = "0.0.0.0"
c.ServerApp.open_browser = False
c.ServerApp.port = int(os.getenv("JUPYTER_PORT", "8888"))
c.FileContentsManager.delete_to_trash = False
