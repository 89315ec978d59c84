"""Two tiny SMTP servers for the fault tests (loopback only, standard library).

``python benchmarks/smtp_servers.py hang 2525``: accepts connections and never
answers (a mail server that hangs). ``… sink 2525 out.mbox``: a minimal
SMTP server that accepts every message and appends it to a file.
"""

import socket
import socketserver
import sys
import threading
import time


def hang(port):
    server = socket.create_server(("127.0.0.1", port))
    held = []
    while True:
        conn, _addr = server.accept()
        held.append(conn)  # never answered, never closed


class Sink(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 sink ready\r\n")
        data, reading = [], False
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace")
            if reading:
                if line.rstrip("\r\n") == ".":
                    reading = False
                    with open(self.server.mbox, "a") as out:
                        out.write("".join(data) + "\n\x00\n")
                    data = []
                    self.wfile.write(b"250 queued\r\n")
                else:
                    data.append(line)
                continue
            verb = line[:4].upper()
            if verb == "DATA":
                reading = True
                self.wfile.write(b"354 go on\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            elif verb in ("EHLO", "HELO"):
                self.wfile.write(b"250 sink\r\n")
            else:
                self.wfile.write(b"250 ok\r\n")


def sink(port, mbox):
    class Server(socketserver.ThreadingTCPServer):
        allow_reuse_address = True
        daemon_threads = True

    server = Server(("127.0.0.1", port), Sink)
    server.mbox = mbox
    threading.Thread(target=server.serve_forever, daemon=True).start()
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    mode, port = sys.argv[1], int(sys.argv[2])
    hang(port) if mode == "hang" else sink(port, sys.argv[3])
