#!/bin/sh
# The image's HEALTHCHECK: the Jupyter server answers on its port. /api needs no token and
# returns only the server's version.
exec python3 -c '
import os, sys, urllib.request
port = os.environ.get("MLJAVA_JUPYTER_PORT", "8888")
with urllib.request.urlopen("http://127.0.0.1:%s/api" % port, timeout=5) as r:
    sys.exit(0 if r.status == 200 else 1)
'
