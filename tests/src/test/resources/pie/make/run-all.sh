#!/bin/sh
# Runs the fixture conversation against a server on 127.0.0.1:$1 (domain localhost).
set -e
P=$1; D=$(dirname "$0"); C="$D/../xmpp_session.py"
$C $P localhost alice alice-pw "$D/1-alice.txt"
$C $P localhost bob bob-pw "$D/2-bob.txt"
$C $P localhost carol 'carol pw ü' "$D/3-carol.txt"
$C $P localhost alice alice-pw "$D/4-alice.txt"
$C $P localhost erin erin-pw "$D/5-erin.txt"
sleep 1
$C $P localhost bob bob-pw "$D/6-bob.txt"
