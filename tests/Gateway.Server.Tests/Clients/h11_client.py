"""Sends requests over ONE connection with h11 (a strict HTTP/1.1 implementation) and prints what came back as JSON.

Usage: h11_client.py HOST PORT < requests.json
requests.json: [{"method": "GET", "target": "/", "headers": [["name", "value"]], "body": "text", "chunks": ["a", "b"]}]
A request with "chunks" is sent with chunked framing, one h11.Data event per chunk. h11 raises on any response that
breaks HTTP/1.1 framing rules, which is the point: the output then holds {"error": ...}.
"""
import json
import socket
import sys

import h11


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    requests = json.load(sys.stdin)
    sock = socket.create_connection((host, port), timeout=15)
    conn = h11.Connection(our_role=h11.CLIENT)
    results = []
    try:
        for req in requests:
            headers = [("host", f"{host}:{port}")] + [tuple(h) for h in req.get("headers", [])]
            body = req.get("body", "").encode()
            chunks = req.get("chunks")
            if chunks is not None:
                headers.append(("transfer-encoding", "chunked"))
            elif body or req["method"] in ("POST", "PUT"):
                headers.append(("content-length", str(len(body))))
            sock.sendall(conn.send(h11.Request(method=req["method"], target=req["target"], headers=headers)))
            for piece in chunks if chunks is not None else ([body] if body else []):
                sock.sendall(conn.send(h11.Data(data=piece.encode() if isinstance(piece, str) else piece)))
            sock.sendall(conn.send(h11.EndOfMessage()))

            result = {"body": "", "trailers": []}
            while True:
                event = conn.next_event()
                if event is h11.NEED_DATA:
                    data = sock.recv(65536)
                    conn.receive_data(data)
                    continue
                if isinstance(event, h11.InformationalResponse):
                    result.setdefault("informational", []).append(event.status_code)
                elif isinstance(event, h11.Response):
                    result["status"] = event.status_code
                    result["http_version"] = event.http_version.decode()
                    result["headers"] = [[n.decode(), v.decode("latin-1")] for n, v in event.headers]
                elif isinstance(event, h11.Data):
                    result["body"] += bytes(event.data).decode("latin-1")
                elif isinstance(event, h11.EndOfMessage):
                    result["trailers"] = [[n.decode(), v.decode("latin-1")] for n, v in event.headers]
                    break
                elif isinstance(event, h11.ConnectionClosed):
                    break
            results.append(result)
            if conn.our_state is h11.MUST_CLOSE or conn.their_state is h11.MUST_CLOSE:
                results.append({"closed": True})
                break
            conn.start_next_cycle()
    except Exception as error:  # report h11 protocol errors to the test instead of a traceback
        results.append({"error": f"{type(error).__name__}: {error}"})
    finally:
        sock.close()
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
