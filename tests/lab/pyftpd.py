#!/usr/bin/python3
"""pyftpdlib server for the Wharf test lab: plain FTP with MLSD, explicit TLS offered.

Run with Debian's /usr/bin/python3 (a pyenv python on PATH lacks python3-pyftpdlib) as the
lab user, so uploaded files belong to it. The password comes from the environment, not argv,
to keep it out of `ps`.
"""
import argparse
import logging
import os

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.servers import FTPServer

try:
    from pyftpdlib.handlers import TLS_FTPHandler as Handler
except ImportError:  # python3-openssl missing: serve plain FTP rather than nothing
    from pyftpdlib.handlers import FTPHandler as Handler


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pasv-min", type=int, required=True)
    p.add_argument("--pasv-max", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--home", required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    return p.parse_args()


def make_handler(args):
    authorizer = DummyAuthorizer()
    authorizer.add_user(args.user, os.environ["WHARF_PYFTP_PASSWORD"], args.home,
                        perm="elradfmwMT")
    Handler.authorizer = authorizer
    Handler.passive_ports = range(args.pasv_min, args.pasv_max + 1)
    Handler.banner = "Wharf lab pyftpdlib ready."
    if hasattr(Handler, "certfile"):
        Handler.certfile = args.cert
        Handler.keyfile = args.key
        Handler.tls_control_required = False
        Handler.tls_data_required = False
    return Handler


def main():
    args = parse_args()
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(message)s")
    server = FTPServer(("127.0.0.1", args.port), make_handler(args))
    server.max_cons = 256
    server.serve_forever(handle_exit=True)


if __name__ == "__main__":
    main()
