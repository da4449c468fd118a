"""Drives the server with Python's `websockets` library (Debian's python3-websockets), an independent RFC 6455/7692
implementation. Usage: websockets_client.py <ws-url> <scenario> [compression: on|off]. Prints one JSON object."""
import asyncio
import json
import sys

import websockets


async def echo_sizes(uri, compression):
    results = []
    async with websockets.connect(uri, compression=compression, max_size=None) as ws:
        for size in (0, 125, 126, 127, 65535, 65536, 16 * 1024 * 1024):
            binary = bytes((i * 7 + size) % 251 for i in range(size)) if size < 65537 else (b"gateway!" * (size // 8 + 1))[:size]
            await ws.send(binary)
            echoed = await ws.recv()
            # At most `size` bytes of UTF-8 (one fewer when the cut falls inside an "ö"); the binary message is exact.
            text = ("wörld " * (size // 7 + 1)).encode()[:size].decode("utf-8", "ignore")
            await ws.send(text)
            echoed_text = await ws.recv()
            results.append({
                "size": size,
                "binary_ok": isinstance(echoed, bytes) and echoed == binary,
                "text_ok": isinstance(echoed_text, str) and echoed_text == text,
            })
        extensions = [str(e.name) for e in ws.extensions]
        await ws.close(1000, "done")
        return {"results": results, "extensions": extensions, "close_code": ws.close_code}


async def fragmented(uri, compression):
    async with websockets.connect(uri, compression=compression) as ws:
        await ws.send(["frag", "men", "ted"])
        text = await ws.recv()
        await ws.send([b"\x00\x01", b"\x02"])
        data = await ws.recv()
        return {"text": text, "binary": list(data)}


async def ping(uri, compression):
    async with websockets.connect(uri, compression=compression) as ws:
        waiter = await ws.ping(b"are you there")
        latency = await asyncio.wait_for(waiter, 10)
        return {"pong": True, "latency_ok": latency is not None}


async def close_codes(uri, compression):
    # The app closes with the code and reason it is told in the path.
    async with websockets.connect(uri, compression=compression) as ws:
        try:
            await ws.recv()
        except websockets.exceptions.ConnectionClosedOK:
            pass
        except websockets.exceptions.ConnectionClosedError:
            pass
        return {"close_code": ws.close_code, "close_reason": ws.close_reason}


async def client_close(uri, compression):
    async with websockets.connect(uri, compression=compression) as ws:
        await ws.send("before close")
        await ws.recv()
        await ws.close(4321, "python leaving")
        return {"close_code": ws.close_code, "close_reason": ws.close_reason}


async def too_big(uri, compression):
    async with websockets.connect(uri, compression=compression, max_size=None) as ws:
        await ws.send(b"x" * (2 * 1024 * 1024))
        try:
            await ws.recv()
        except websockets.exceptions.ConnectionClosed:
            pass
        return {"close_code": ws.close_code}


async def zip_bomb(uri, compression):
    # 64 MiB of zeros compress to about 64 KiB: the server must stop inflating at its limit and close with 1009.
    async with websockets.connect(uri, compression="deflate", max_size=None) as ws:
        await ws.send(b"\x00" * (64 * 1024 * 1024))
        try:
            await ws.recv()
        except websockets.exceptions.ConnectionClosed:
            pass
        return {"close_code": ws.close_code, "extensions": [str(e.name) for e in ws.extensions]}


async def main():
    uri, scenario = sys.argv[1], sys.argv[2]
    compression = "deflate" if len(sys.argv) > 3 and sys.argv[3] == "on" else None
    result = await {
        "echo_sizes": echo_sizes,
        "fragmented": fragmented,
        "ping": ping,
        "close_codes": close_codes,
        "client_close": client_close,
        "too_big": too_big,
        "zip_bomb": zip_bomb,
    }[scenario](uri, compression)
    print(json.dumps(result))


asyncio.run(main())
