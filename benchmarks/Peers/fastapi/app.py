"""The uvicorn + FastAPI + Pydantic peer of the load benchmark (see ../../README.md).

Run (what ../../load/run.sh does, one worker, logging off):
    /usr/bin/python3 -m uvicorn app:app --app-dir benchmarks/Peers/fastapi --host 127.0.0.1 --port N \
        --loop uvloop --http httptools --log-level warning --no-access-log

Written the way the FastAPI documentation writes apps: path operations, a Pydantic model for the body (its 422 is
FastAPI's own), dicts for responses. /echo reads the body and sends it back in one piece: Starlette's
StreamingResponse listens for http.disconnect on `receive` while it streams, so it cannot also stream the request.
"""

from fastapi import FastAPI, Request, WebSocket
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, conint, constr

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


class UserIn(BaseModel):
    name: constr(min_length=1, max_length=50)
    age: conint(ge=0, le=150)


@app.get("/plaintext", response_class=PlainTextResponse)
async def plaintext():
    return "Hello, World!"


@app.get("/json")
async def json():
    return {"message": "Hello, World!"}


@app.post("/echo")
async def echo(request: Request):
    return Response(await request.body(), media_type="application/octet-stream")


@app.post("/users", status_code=201)
async def create_user(user: UserIn):
    return {"id": 1, "name": user.name, "age": user.age}


@app.get("/users/{id}")
async def get_user(id: int):
    return {"id": id, "name": "alice", "age": 30}


@app.websocket("/ws/echo")
async def ws_echo(websocket: WebSocket):
    await websocket.accept()
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            await websocket.send_text(message["text"])
        else:
            await websocket.send_bytes(message["bytes"])
