"""Sending a webhook without becoming a proxy into the network (SSRF): only http(s) URLs whose
every address is public, connected to the address that was checked (no second DNS answer),
no redirects followed, a short timeout and a bounded read of the answer."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import urllib.parse

from backend.services import Invalid

TIMEOUT_S = 10
URL_MAX = 2000


class UnsafeUrl(Invalid):
    """A webhook address the sender refuses (a private or loopback host, a bad scheme…): 422."""


def _refuse(message: str) -> UnsafeUrl:
    return UnsafeUrl(message, {"url": [message]})


def check_url(url: str, *, allow_private: bool) -> tuple[urllib.parse.SplitResult, str]:
    """The parsed URL and the address to connect to; :class:`UnsafeUrl` (422) when the URL is
    not http(s), has credentials, does not resolve, or reaches a private/loopback address."""
    if len(url) > URL_MAX:
        raise _refuse(f"L'adresse est trop longue ({URL_MAX} caractères au plus).")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _refuse("L'adresse doit commencer par https:// (ou http://) et nommer un serveur.")
    if parts.username or parts.password:
        raise _refuse("L'adresse ne doit pas contenir d'identifiant ni de mot de passe.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as error:
        raise _refuse("Ce serveur est introuvable : vérifiez l'adresse.") from error
    addresses = {info[4][0] for info in infos}
    if not allow_private:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global or ip.is_multicast:
                raise _refuse(
                    "Cette adresse mène à un réseau privé ou local : elle est refusée "
                    "pour la sécurité de la plateforme."
                )
    return parts, sorted(addresses)[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT_S)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT_S, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str], *, allow_private: bool) -> int:
    """POST the body; the HTTP status (redirects are not followed). Raises OSError, UnsafeUrl."""
    parts, address = check_url(url, allow_private=allow_private)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = kind(parts.hostname or "", port, address)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)
        return response.status
    finally:
        connection.close()
