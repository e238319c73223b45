#!/usr/bin/env python3
"""Answers the llm-csharp kernel's input requests with jupyter_client, a client nobody here wrote.

Starts the installed kernelspec (JUPYTER_DATA_DIR may point at a temporary install), runs a cell that reads a line
with Console.ReadLine() and a secret with GetPasswordAsync, answers both, and prints what happened as JSON.
"""
import json

from jupyter_client.manager import start_new_kernel

CELL = '''Console.Write("name? ");
var typed = Console.ReadLine();
var secret = await GetPasswordAsync("token: ");
$"{typed}:{secret.Length}"'''


def main():
    manager, client = start_new_kernel(kernel_name="llm-csharp", startup_timeout=120)
    try:
        questions, outputs = [], []

        def answer(message):
            questions.append(message["content"])
            client.input("s3cret" if message["content"]["password"] else "ada")

        reply = client.execute_interactive(CELL, allow_stdin=True, stdin_hook=answer, output_hook=outputs.append, timeout=120)
        print(json.dumps({
            "status": reply["content"]["status"],
            "questions": questions,
            "stdout": "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream"),
            "result": [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"],
        }))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
