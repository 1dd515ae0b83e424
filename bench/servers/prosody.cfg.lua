-- Prosody for the benchmarks (compare.sh replaces RUN_DIR). Loopback only, TLS with a self-signed
-- certificate, SCRAM (internal_hashed), no rate limits (mod_limits not loaded), default storage
-- (internal: files under data_path), offline and MUC on, in-band registration for provisioning.
run_as_root = true
daemonize = false
pidfile = "RUN_DIR/prosody.pid"
data_path = "RUN_DIR/data"
log = { warn = "RUN_DIR/prosody.log" }
network_backend = "epoll"
network_settings = { tcp_backlog = 1024 }
interfaces = { "127.0.0.1" }
c2s_ports = { 5222 }
c2s_direct_tls_ports = { }
s2s_ports = { }
http_ports = { }
https_ports = { }
component_ports = { }
modules_enabled = {
  "roster"; "saslauth"; "tls"; "disco"; "ping"; "presence"; "message"; "iq";
  "offline"; "register"; "posix"; "version";
}
modules_disabled = { "s2s"; "limits"; "bosh"; "websocket"; "http"; "carbons"; "mam"; "smacks" }
authentication = "internal_hashed"
storage = "internal"
c2s_require_encryption = true
allow_registration = true
min_seconds_between_registrations = 0
registration_throttle_max = 1000000
registration_whitelist = { "127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6", "127.0.0.7", "127.0.0.8",
  "127.0.0.9", "127.0.0.10", "127.0.0.11", "127.0.0.12", "127.0.0.13", "127.0.0.14", "127.0.0.15", "127.0.0.16" }
ssl = { key = "RUN_DIR/localhost.key"; certificate = "RUN_DIR/localhost.crt" }

VirtualHost "localhost"

Component "conference.localhost" "muc"
  restrict_room_creation = false
  max_history_messages = 0
  muc_room_default_history_length = 0
  muc_room_locking = false
  muc_max_occupants = 100000
