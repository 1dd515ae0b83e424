#!/usr/bin/env python3
"""Minimal scripted XMPP client for producing migration fixtures: plain TCP on loopback, SASL PLAIN.
Usage: xmpp_session.py PORT DOMAIN USER PASSWORD SCRIPT
SCRIPT lines: 'send <xml>', 'expect <text>', 'sleep <seconds>'."""
import base64, socket, sys, time

port, domain, user, password, script = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
s = socket.create_connection(("127.0.0.1", port), timeout=10)
buf = ""

def send(x):
    s.sendall(x.encode("utf-8"))

def expect(text, timeout=10):
    global buf
    end = time.time() + timeout
    while text not in buf:
        if time.time() > end:
            raise SystemExit("timeout waiting for %r; got %r" % (text, buf[-2000:]))
        s.settimeout(max(0.1, end - time.time()))
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            raise SystemExit("closed while waiting for %r; got %r" % (text, buf[-2000:]))
        buf += chunk.decode("utf-8", "replace")
    i = buf.index(text) + len(text)
    seen, buf = buf[:i], buf[i:]
    return seen

def header():
    send("<?xml version='1.0'?><stream:stream to='%s' xmlns='jabber:client' "
         "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>" % domain)
    expect("</stream:features>")

header()
send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>%s</auth>"
     % base64.b64encode(("\0%s\0%s" % (user, password)).encode("utf-8")).decode())
expect("<success")
header()
send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>fixture</resource></bind></iq>")
expect("</iq>")
for line in open(script, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    cmd, _, arg = line.partition(" ")
    if cmd == "send":
        send(arg)
    elif cmd == "expect":
        print(expect(arg))
    elif cmd == "sleep":
        time.sleep(float(arg))
send("</stream:stream>")
time.sleep(0.5)
s.close()
