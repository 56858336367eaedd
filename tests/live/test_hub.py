"""The room hub's sockets: live frames wait until the client's sync replayed what came before
(their writes themselves: tests/test_fanout.py)."""

from usine.fanout import send_message
from usine.live.rooms import hub


class Client:
    def __init__(self):
        self.frames = []

    async def send(self, message):
        self.frames.append(message.get("text", message["type"]))


def frame(n):
    return send_message(f"frame {n}")


def test_frames_before_the_sync_wait_in_the_buffer():
    client = Client()
    socket = hub.Socket(room=None, send=client.send, moderator=False)
    socket.deliver(frame(1))
    socket.push(frame(0))  # the replay and the ack go first
    assert client.frames == ["frame 0"]
    socket.go_live()
    assert client.frames == ["frame 0", "frame 1"]
