"""A local SMTP server that accepts every message and counts each subject as it arrives.

Just enough of RFC 5321 for Django's SMTP backend without TLS (EHLO/HELO, MAIL, RCPT, DATA,
RSET, NOOP, QUIT), on asyncio in a thread of the bench process.
"""

import asyncio
import re
import threading
from collections import Counter

_SUBJECT = re.compile(rb"^Subject: (.*)$", re.M | re.I)


class SmtpSink:
    def __init__(self) -> None:
        self.messages = 0
        self.subjects: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self.port = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "SmtpSink":
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._session, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _session(self, reader, writer) -> None:
        def reply(line: str) -> None:
            writer.write(line.encode() + b"\r\n")

        reply("220 sink ready")
        try:
            while line := await reader.readline():
                verb = line[:4].upper()
                if verb == b"EHLO":
                    reply("250-sink")
                    reply("250 8BITMIME")
                elif verb == b"DATA":
                    reply("354 go ahead")
                    await writer.drain()
                    data = await reader.readuntil(b"\r\n.\r\n")
                    header = data.split(b"\r\n\r\n", 1)[0]
                    found = _SUBJECT.search(header)
                    with self._lock:
                        self.messages += 1
                        self.subjects[found.group(1).strip().decode() if found else ""] += 1
                    reply("250 kept")
                elif verb == b"QUIT":
                    reply("221 bye")
                    await writer.drain()
                    break
                else:  # HELO, MAIL, RCPT, RSET, NOOP
                    reply("250 ok")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def counts(self, prefix: str = "") -> Counter[str]:
        """How many times each subject starting with ``prefix`` arrived."""
        with self._lock:
            return Counter({k: n for k, n in self.subjects.items() if k.startswith(prefix)})
