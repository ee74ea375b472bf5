#!/usr/bin/python3
"""Find a free block of loopback TCP ports for one lab (services first, passive range after).

Prints the block's first port. A random block below the kernel's ephemeral range keeps the
lab's listeners out of the way of outgoing connections and of other labs on the machine.
"""
import random
import socket
import sys

BLOCK = 64          # keep in sync with tests/lab/lab (port_layout)
LOW, HIGH = 20000, 32000


def port_is_free(port):
    # Probe the way the daemons bind (SO_REUSEADDR + listen) so TIME_WAIT leftovers of a
    # previous run don't disqualify a port, while any live listener (also on 0.0.0.0) does.
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen(1)
        return True
    except OSError:
        return False
    finally:
        s.close()


def block_is_free(base):
    return all(port_is_free(p) for p in range(base, base + BLOCK))


def main():
    preferred = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] else 0
    if preferred and block_is_free(preferred):
        print(preferred)
        return 0
    bases = list(range(LOW, HIGH - BLOCK, BLOCK))
    random.shuffle(bases)
    for base in bases:
        if block_is_free(base):
            print(base)
            return 0
    print("no free block of %d ports in %d-%d" % (BLOCK, LOW, HIGH), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
