"""Slow clients, as an attacker (or a very bad network) makes them: Slowloris-style requests
whose headers never end, and requests whose body trickles in."""

from __future__ import annotations

import contextlib
import socket
import threading
import time


class SlowClients:
    """``count`` connections kept half-sent until :meth:`stop`: half of them send their headers
    a few bytes at a time and never finish them; the other half announce a body and send it a
    byte at a time. A server that gives each of them a worker or a thread stops answering."""

    def __init__(self, port: int, count: int, *, path: str = "/api/v1/observations") -> None:
        self.port, self.count, self.path = port, count, path
        self.sockets: list[socket.socket] = []
        self.opened = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)

    def _open(self, index: int) -> socket.socket | None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        except OSError:
            return None
        sock.settimeout(5)
        try:
            if index % 2 == 0:  # headers that never end
                sock.sendall(f"POST {self.path} HTTP/1.1\r\nHost: localhost\r\n".encode())
            else:  # complete headers, a body that trickles
                sock.sendall(
                    f"POST {self.path} HTTP/1.1\r\nHost: localhost\r\n"
                    "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{".encode()
                )
        except OSError:
            sock.close()
            return None
        self.opened += 1
        return sock

    def _trickle(self) -> None:
        while not self._stop.wait(1.0):
            for index, sock in enumerate(list(self.sockets)):
                with contextlib.suppress(OSError):
                    sock.sendall(b"X-a: b\r\n" if index % 2 == 0 else b" ")

    def __enter__(self) -> SlowClients:
        for index in range(self.count):
            sock = self._open(index)
            if sock is not None:
                self.sockets.append(sock)
        self._thread.start()
        time.sleep(1.0)  # let the server take them in (accept, hand them to workers)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.close()
