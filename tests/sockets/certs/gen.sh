#!/bin/sh
# Makes the TLS certificates of the socket suite (test_ssl, test_ssl_interop) in the directory
# it sits in: `cargo xtask test` copies it to build/tests/sockets/certs and runs it there at every
# run (tools/xtask/src/sockets.rs, cert_dir). EC P-256 keys (fast on mbedTLS), one RSA-2048 server for ECDHE-RSA, a second CA
# nobody trusts, and an expired certificate; the others are valid for 100 years.
set -e
cd "$(dirname "$0")"
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }
ca() { # name, subject
  ec "$1.key"
  openssl req -x509 -new -key "$1.key" -subj "$2" -days 36500 -sha256 \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -out "$1.pem"
}
leaf() { # name, CA, subject, days, san
  openssl req -new -key "$1.key" -subj "$3" -out "$1.csr"
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\n' "$5" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -days "$4" \
    -sha256 -extfile "$1.ext" -out "$1.pem"
  rm -f "$1.csr" "$1.ext"
}
ca ca "/CN=AtomVM Test CA"
ca other_ca "/CN=Other Test CA"
ec server.key;  leaf server ca "/CN=localhost" 36500 "DNS:localhost,IP:127.0.0.1"
ec client.key;  leaf client ca "/CN=client" 36500 "DNS:client"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa_server.key
leaf rsa_server ca "/CN=localhost" 36500 "DNS:localhost,IP:127.0.0.1"
ec other.key;   leaf other other_ca "/CN=localhost" 36500 "DNS:localhost,IP:127.0.0.1"
ec wrong_host.key; leaf wrong_host ca "/CN=example.org" 36500 "DNS:example.org"
ec expired.key; leaf expired ca "/CN=localhost" -1 "DNS:localhost,IP:127.0.0.1"
rm -f *.srl
