#!/usr/bin/env bash
# demo: bosun's main job on the local lab swarm, run by `make demo` once the lab is up and the
# images are loaded (it says so if they are not). What it does, idempotently (run it again and
# it converges to the same state):
#   1. deploys the fake Nextcloud on lab2 and the fake PhotoPrism on lab3 (pinned by hostname);
#   2. deploys bosun itself: the stack manifests/bosun.yml (the controller's replicas on the
#      managers, the overlay network `bosun`) with a config declaring both targets, written (when absent)
#      to $BOSUN_LAB_DIR/demo/bosun.yaml next to a copy of the stack file, and the record signing
#      key the stack mounts (the secret bosun-signing-key-v1, made once by the controller image);
#   3. deploys an app (image bosun-e2e/client, on lab1, network `bosun`) that only knows
#      BOSUN_DISCOVERY_URL; the controller gives it the targets' client keys;
#   4. waits until the controller is ready and a proxy runs next to each target, then runs
#      `bosun exec` from inside the app's container: an allowed command and refused ones;
#   5. shows who served what;
#   6. the orchestration API (on in the demo, with a SUPER_ADMIN token made once and kept in
#      $BOSUN_LAB_DIR/demo/ops-token): spawns a fake MongoDB clone from the `mongodb` template
#      with curl, waits until it is healthy, lists it and deletes it; and says how to go on.
set -euo pipefail
cd "$(dirname "$0")/../.."
LAB=e2e/lab/bosun-lab
export BOSUN_LAB_DIR=${BOSUN_LAB_DIR:-/tmp/bosun-lab}
WORK=$BOSUN_LAB_DIR/demo
CTL_NODE=""                         # a node running a controller task (its port is not published)
DISCOVERY_URL=http://tasks.bosun_controller:8080/v1/discovery
WAIT_S=${DEMO_WAIT:-120}

bold() { printf '\033[1m%s\033[0m\n' "$*"; }
say() { printf '\n'; bold "== $*"; }
dk() { "$LAB" docker "$@"; }
run() {   # print the command as a person would type it, then run it
  local shown="$*"
  [ "$1" != dk ] || shown="$LAB docker ${*:2}"
  printf '$ %s\n' "$shown"
  "$@"
}
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }
retry() {   # retry CMD... : a write a manager refuses while the swarm elects a raft leader
  local k
  for k in 1 2 3 4 5 6 7 8 9 10; do "$@" && return 0; sleep 3; done
  "$@"
}
# The controller's HTTP port is on the overlay only: ask from inside its container, whose
# `bosun-controller probe` prints the body of a 200 (the image has no shell or wget).
http_get() {
  local c
  c=$(running_container bosun_controller "$CTL_NODE")
  [ -n "$c" ] || return 1
  timeout 10 "$LAB" docker "$CTL_NODE" exec "$c" /usr/local/bin/bosun-controller probe --url "http://127.0.0.1:8080$1"
}

wait_for() {   # wait_for WHAT CMD... : poll CMD every second for WAIT_S seconds
  local what=$1 k; shift
  for k in $(seq "$WAIT_S"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  printf 'demo: timed out after %ss waiting for %s\n' "$WAIT_S" "$what" >&2
  return 1
}

# The demo marks its services `bosun-demo=true`. Not `bosun.demo`: every `bosun.*` label on a
# service is a claim the controller checks (a typo of `bosun.enable` must not go unnoticed), so
# a stray one holds the target. A service an older demo marked so is moved to the new label.
create_service() {   # create_service NAME ARGS... : create it unless it exists already
  local name=$1; shift
  dk lab1 service inspect "$name" >/dev/null 2>&1 \
    || dk lab1 service create -d -q --name "$name" --label bosun-demo=true --no-resolve-image "$@" >/dev/null
}
ensure_service() {   # ensure_service NAME ARGS... : create unless it exists (then leave it be)
  local name=$1; shift
  if dk lab1 service inspect "$name" >/dev/null 2>&1; then
    echo "service $name exists"
    if dk lab1 service inspect -f '{{index .Spec.Labels "bosun.demo"}}' "$name" 2>/dev/null | grep -q .; then
      dk lab1 service update -d -q --label-rm bosun.demo --label-add bosun-demo=true "$name" >/dev/null
    fi
    refresh_if_stale "$name"
  else
    # (a create the manager made but could not confirm is found by the next try's inspect)
    retry create_service "$name" "$@"
    echo "service $name created"
  fi
}

image_current() {   # image_current SERVICE : its task runs, from the image its spec names as built now
  local node c want have
  node=$(dk lab1 service ps --filter desired-state=running --format '{{.Node}} {{.CurrentState}}' "$1" 2>/dev/null |
    awk '$2 == "Running" {print $1; exit}')
  [ -n "$node" ] || return 1
  c=$(running_container "$1" "$node")
  [ -n "$c" ] || return 1
  have=$(dk "$node" inspect --format '{{.Image}}' "$c")
  want=$(dk "$node" image inspect --format '{{.Id}}' "$(dk lab1 service inspect --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}' "$1")")
  [ "$have" = "$want" ]
}

refresh_if_stale() {   # refresh_if_stale SERVICE : restart its running task if `make images` rebuilt its image
  [ -n "$(dk lab1 service ps -q --filter desired-state=running "$1" 2>/dev/null)" ] || return 0
  image_current "$1" && return 0
  echo "service $1 runs an older image (or is starting): restarting its task"
  dk lab1 service update -d -q --force "$1" >/dev/null
}

controller_node() {   # a node where a controller task runs (the lab may have several managers)
  dk lab1 service ps --filter desired-state=running --format '{{.Node}} {{.CurrentState}}' bosun_controller 2>/dev/null |
    awk '$2 == "Running" {print $1; exit}'
}

running_container() {   # running_container SERVICE NODE : its running container on NODE
  dk "$2" ps -q --filter "label=com.docker.swarm.service.name=$1" --filter status=running | head -n1
}

proxy_running() {   # proxy_running TARGET : a proxy service of TARGET has a running task
  local s
  for s in $(dk lab1 service ls -q --filter label=bosun.kind=proxy --filter "label=bosun.target=$1"); do
    dk lab1 service ps --filter desired-state=running --format '{{.CurrentState}}' "$s" | grep -q '^Running' && return 0
  done
  return 1
}

app_keyed() {   # the controller attached both client keys to the app and its task runs
  local spec
  spec=$(dk lab1 service inspect app --format '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}} {{end}}')
  [[ $spec == *bosun-nextcloud-client-app-v* && $spec == *bosun-photoprism-client-app-v* ]] || return 1
  [ "$(dk lab1 service ps --filter desired-state=running --format '{{.CurrentState}}' app | grep -c '^Running')" = 1 ]
}

leader_api() {   # the orchestration API's address on the leading replica's node (its IP on the lab)
  local node c
  for node in $(dk lab1 service ps --filter desired-state=running --format '{{.Node}}' bosun_controller 2>/dev/null); do
    c=$(running_container bosun_controller "$node")
    [ -n "$c" ] || continue
    if timeout 10 "$LAB" docker "$node" exec "$c" /usr/local/bin/bosun-controller probe \
      --url http://127.0.0.1:8080/readyz 2>/dev/null | grep -q '"leading":true'; then
      echo "http://${BOSUN_LAB_NET:-192.168.251}.$((10 + ${node#lab})):8090"
      return 0
    fi
  done
  return 1
}

api() {   # api CODE CURL-ARGS... : curl the API as the demo's SUPER_ADMIN (shown with $TOKEN), expect CODE
  local want=$1 out code; shift
  printf '$ %s exec lab1 curl -sS -H "Authorization: Bearer $TOKEN"' "$LAB"
  printf ' %q' "$@"
  printf '\n'
  out=$("$LAB" exec lab1 curl -sS -w '\n%{http_code}' -H "Authorization: Bearer $TOKEN" "$@") || true
  code=${out##*$'\n'}
  printf '%s\n' "${out%$'\n'*}" | cut -c1-600
  bold "HTTP $code"
  [ "$code" = "$want" ] || failed+=$'\n'"  HTTP $code, expected $want: curl $*"
}

clone_healthy() {   # clone_healthy NODE_ID : the API says the clone's task is healthy
  "$LAB" exec lab1 curl -s -H "Authorization: Bearer $TOKEN" "$API/orchestrate/mongodb/clones/$1/health" |
    grep -q '"healthy":true'
}

# ------------------------------------------------------------------------------------------
for img in bosun/controller bosun/proxy bosun-e2e/client bosun-e2e/nextcloud bosun-e2e/photoprism bosun-e2e/mongodb; do
  dk lab1 image inspect "$img:latest" >/dev/null 2>&1 || die "image $img:latest is missing on lab1: run 'make demo' (or 'make images')"
done

say "the lab: a real 3-node Docker Swarm on this machine (MANAGER STATUS: its managers)"
run dk lab1 node ls

say "the targets: the fake Nextcloud on lab2, the fake PhotoPrism on lab3"
ensure_service nextcloud --constraint node.hostname==lab2 --endpoint-mode dnsrr bosun-e2e/nextcloud:latest
ensure_service photoprism --constraint node.hostname==lab3 --endpoint-mode dnsrr bosun-e2e/photoprism:latest

say "bosun: the controller stack (manifests/bosun.yml) with its config and signing key"
# the key the controller signs the discovery record with: an external secret the stack mounts,
# made once with a fresh key (kept across runs: clients trust it)
if dk lab1 secret inspect bosun-signing-key-v1 >/dev/null 2>&1; then
  echo "secret bosun-signing-key-v1 exists"
else
  printf '$ %s docker lab1 run --rm bosun/controller:latest signing-key new | %s docker lab1 secret create bosun-signing-key-v1 -\n' "$LAB" "$LAB"
  dk lab1 run --rm bosun/controller:latest signing-key new | dk lab1 secret create bosun-signing-key-v1 - >/dev/null
  echo "secret bosun-signing-key-v1 created"
fi
mkdir -p "$WORK"
cp manifests/bosun.yml "$WORK/bosun.yml"
# written once: edit it and run the demo again to apply a change (delete it for the default)
new_config=""
[ -f "$WORK/bosun.yaml" ] || new_config=1
[ -z "$new_config" ] || cat > "$WORK/bosun.yaml" <<'YAML'
# bosun's config for the demo (docs/controller.md): two targets, one client app.
network: bosun
proxy:
  image: bosun/proxy:latest
  port: 2222
  ssh_user: bosun
  docker_socket: /var/run/docker.sock
intervals:
  resync: 30s
  task_poll: 2s
  watch_deadline: 90s
discovery:
  docker_config: false
labels:
  enabled: true
targets:
  nextcloud:
    service: nextcloud
    policy: { preset: nextcloud }
    exec: { user: www-data, workdir: /var/www/html }
    clients:
      - service: app
  photoprism:
    service: photoprism
    policy: { preset: photoprism }
    exec: { user: photoprism, workdir: /photoprism }
    clients:
      - service: app
YAML
# The orchestration API, on in the demo: one SUPER_ADMIN token, made with the config (only its
# digest goes into bosun.yaml; the token is kept in $WORK/ops-token, readable by root alone).
if [ -n "$new_config" ]; then
  printf '$ %s docker lab1 run --rm bosun/controller:latest token new --name demo-ops --role SUPER_ADMIN\n' "$LAB"
  made=$(dk lab1 run --rm bosun/controller:latest token new --name demo-ops --role SUPER_ADMIN)
  token=$(printf '%s\n' "$made" | sed -n 's/^token (shown once, keep it secret): //p')
  digest=$(printf '%s\n' "$made" | sed -n 's/^ *sha256: //p')
  [ -n "$token" ] && [ -n "$digest" ] || die "token new printed no token: $made"
  (umask 077 && printf '%s\n' "$token" > "$WORK/ops-token")
  echo "token kept in $WORK/ops-token; its digest goes into bosun.yaml"
  cat >> "$WORK/bosun.yaml" <<YAML
orchestration:                  # docs/orchestration.md
  enabled: true
  listen: 0.0.0.0:8090
  tokens:
    - { name: demo-ops, sha256: $digest, role: SUPER_ADMIN }
  templates:
    mongodb:                    # POST /orchestrate/mongodb/clone (the fake MongoDB image)
      image: bosun-e2e/mongodb:latest
      node_id: { pattern: "node_[a-z0-9]{1,32}" }
      parameters:
        node_tron_address: { format: tron-address }
      env: { NODE_ID: { param: node_id }, TRON_ADDRESS: { param: node_tron_address } }
      ports: { pool: 27017-27030, target: 27017 }
      networks: [bosun]
      resources: { limits: { memory: 64M, cpus: 0.2 } }
      health: { test: ["CMD", "/usr/local/bin/mongo-ping"], interval: 2s, timeout: 2s, retries: 3, start_period: 5s }
      max_clones: 5
YAML
fi
# The stack publishes nothing; the demo publishes the API on each replica's node (host mode)
# with a second compose file, so that curl on the lab's network reaches the leader's.
cat > "$WORK/orchestration.yml" <<'YAML'
version: "3.8"
services:
  controller:
    ports:
      - { target: 8090, published: 8090, protocol: tcp, mode: host }
YAML
# Docker configs are immutable: the config's name carries its content hash, so a changed
# bosun.yaml deploys as a new config (and a new controller task), an unchanged one is a no-op.
BOSUN_CONFIG_VERSION=$(sha256sum "$WORK/bosun.yaml" | cut -c1-12)
export BOSUN_CONFIG_VERSION
# the stack creates the network `bosun`; one made outside it (by an earlier controller run
# without the stack, or by hand) would make the deploy fail, so it goes first while unused
owner=none
if dk lab1 network inspect bosun >/dev/null 2>&1; then
  owner=$(dk lab1 network inspect bosun --format '{{index .Labels "com.docker.stack.namespace"}}')
  owner=${owner:-unlabelled}
fi
if [ "$owner" != none ] && [ "$owner" != bosun ]; then
  echo "the network bosun exists outside the stack: removing it"
  dk lab1 network rm bosun >/dev/null ||
    die "the network bosun exists outside the stack and is in use: remove its services (or 'make lab-down') and run again"
fi
printf '$ BOSUN_CONFIG_VERSION=%s %s docker lab1 stack deploy --detach=true --resolve-image never -c %s -c %s bosun\n' \
  "$BOSUN_CONFIG_VERSION" "$LAB" "$WORK/bosun.yml" "$WORK/orchestration.yml"
(cd "$WORK" && retry "$OLDPWD/$LAB" docker lab1 stack deploy --detach=true --resolve-image never -c bosun.yml -c orchestration.yml bosun)
refresh_if_stale bosun_controller
for old in $(dk lab1 config ls --filter label=com.docker.stack.namespace=bosun --format '{{.Name}}'); do
  [ "$old" = "bosun-config-$BOSUN_CONFIG_VERSION" ] || dk lab1 config rm "$old" >/dev/null 2>&1 || true
done

say "the app: bosun-e2e/client on lab1, network bosun, knowing only BOSUN_DISCOVERY_URL"
ensure_service app --constraint node.hostname==lab1 --network bosun --endpoint-mode dnsrr \
  --label bosun.client-of=nextcloud,photoprism \
  --env "BOSUN_DISCOVERY_URL=$DISCOVERY_URL" bosun-e2e/client:latest \
  bosun-e2e-client follow nextcloud 5000
# an app made before clients opted in: it agrees to receive the keys (bosun.client-of)
dk lab1 service inspect app --format '{{index .Spec.Labels "bosun.client-of"}}' 2>/dev/null |
  grep -q photoprism || dk lab1 service update -d -q --label-add bosun.client-of=nextcloud,photoprism app >/dev/null
echo "(its own loop runs 'php occ status --output=json' through bosun every 5 s)"

say "waiting for the controller, the proxies and the app's keys"
wait_for "the controller's task" image_current bosun_controller
CTL_NODE=$(controller_node)
[ -n "$CTL_NODE" ] || die "no controller task runs"
wait_for "the controller's /readyz (on $CTL_NODE)" http_get /readyz
echo "controller ready: $(http_get /healthz)"
wait_for "a proxy next to nextcloud" proxy_running nextcloud
wait_for "a proxy next to photoprism" proxy_running photoprism
wait_for "the client keys on the app" app_keyed
wait_for "the app's container on lab1" image_current app
run dk lab1 service ls
app=$(running_container app lab1)

say "from inside the app's container on lab1: allowed commands, through the proxies on lab2 and lab3"
failed=""
expect() {   # expect CODE CMD... : run CMD (shown), print its exit code, remember a surprise
  local want=$1 rc=0; shift
  run "$@" || rc=$?
  bold "exit code: $rc"
  [ "$rc" = "$want" ] || failed+=$'\n'"  exit $rc, expected $want: ${*:5}"
}
expect 0 dk lab1 exec "$app" bosun exec nextcloud -- php occ status
expect 0 dk lab1 exec "$app" bosun exec photoprism -- photoprism status

say "commands the policy refuses: never sent to Docker (exit 126)"
expect 126 dk lab1 exec "$app" bosun exec nextcloud -- php occ maintenance:mode --on
expect 126 dk lab1 exec "$app" bosun exec nextcloud -- rm -rf /

say "what happened"
nc_proxy=$(dk lab1 service ls --filter label=bosun.kind=proxy --filter label=bosun.target=nextcloud --format '{{.Name}}' | head -n1)
pp_proxy=$(dk lab1 service ls --filter label=bosun.kind=proxy --filter label=bosun.target=photoprism --format '{{.Name}}' | head -n1)
printf 'app (lab1) ──ssh──► %s (on %s) ──Engine API exec──► nextcloud (on %s)\n' \
  "$nc_proxy" "$(dk lab1 service ps --filter desired-state=running --format '{{.Node}}' "$nc_proxy" | head -n1)" \
  "$(dk lab1 service ps --filter desired-state=running --format '{{.Node}}' nextcloud | head -n1)"
printf 'app (lab1) ──ssh──► %s (on %s) ──Engine API exec──► photoprism (on %s)\n' \
  "$pp_proxy" "$(dk lab1 service ps --filter desired-state=running --format '{{.Node}}' "$pp_proxy" | head -n1)" \
  "$(dk lab1 service ps --filter desired-state=running --format '{{.Node}}' photoprism | head -n1)"
echo
bold "the proxy's audit trail (one JSON line per request: its container's stdout):"
nc_proxy_node=$(dk lab1 service ps --filter desired-state=running --format '{{.Node}}' "$nc_proxy" | head -n1)
run dk "$nc_proxy_node" logs --tail 4 "$(running_container "$nc_proxy" "$nc_proxy_node")" 2>/dev/null
echo
bold "what the fake Nextcloud ran (its argv log on lab2): the refused commands never reached it"
run dk lab2 exec "$(running_container nextcloud lab2)" tail -n 3 /var/log/bosun-fake/argv.log
echo
bold "the objects the controller made (all labelled bosun.managed-by=bosun):"
run dk lab1 service ls --filter label=bosun.managed-by=bosun
run dk lab1 secret ls --filter label=bosun.managed-by=bosun
echo
bold "the discovery record the app follows ($DISCOVERY_URL, signed: its Bosun-Signature header):"
http_get /v1/discovery | cut -c1-2000
echo
bold "the app's own loop (bosun-e2e-client follow), last lines:"
run dk lab1 logs --tail 3 "$app" 2>/dev/null

API=""
if [ -f "$WORK/ops-token" ]; then
  say "the orchestration API: a MongoDB clone from the 'mongodb' template, with curl and a bearer token"
  TOKEN=$(cat "$WORK/ops-token")
  wait_for "the leader's orchestration API" leader_api
  API=$(leader_api)
  echo "the leader serves it: $API (a follower answers 503 with Retry-After)"
  # a clone left by an earlier run goes first, so that the session below starts clean
  "$LAB" exec lab1 curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" "$API/orchestrate/mongodb/clones/node_demo" || true
  api 201 -X POST "$API/orchestrate/mongodb/clone" -H 'Content-Type: application/json' \
    -d '{"node_id": "node_demo", "node_tron_address": "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7"}'
  wait_for "the clone to be healthy" clone_healthy node_demo || {
    # what the API and Swarm say of it, for whoever reads the failure
    "$LAB" exec lab1 curl -s -H "Authorization: Bearer $TOKEN" "$API/orchestrate/mongodb/clones/node_demo/health" >&2 || true
    dk lab1 service ps --no-trunc --format '{{.Node}} {{.DesiredState}} {{.CurrentState}} {{.Error}}' \
      bosun-clone-mongodb-node_demo >&2 || true
    exit 1
  }
  api 200 "$API/orchestrate/mongodb/clones/node_demo/health"
  api 200 "$API/orchestrate/mongodb/clones"
  api 204 -X DELETE "$API/orchestrate/mongodb/clones/node_demo"
fi

lab_env=""
[ "$BOSUN_LAB_DIR" = /tmp/bosun-lab ] || lab_env="BOSUN_LAB_DIR=$BOSUN_LAB_DIR "
cat <<EOF

Next:
  controller metrics / discovery / health (its port is on the overlay only: ask from its container):
    ${lab_env}$LAB docker $CTL_NODE exec \$(${lab_env}$LAB docker $CTL_NODE ps -q -f label=com.docker.swarm.service.name=bosun_controller | head -n1) /usr/local/bin/bosun-controller probe --url http://127.0.0.1:8080/metrics
    (the same with /v1/discovery, /healthz, /readyz; or from the app's container: wget -qO- $DISCOVERY_URL)
  more commands, from the app's container on lab1:
    ${lab_env}$LAB docker lab1 exec \$(${lab_env}$LAB docker lab1 ps -q -f label=com.docker.swarm.service.name=app) bosun exec nextcloud -- php occ files:scan --all
  watch the proxy follow its target to another node:
    ${lab_env}$LAB docker lab1 service update -d --constraint-rm node.hostname==lab2 --constraint-add node.hostname==lab3 nextcloud
    ${lab_env}$LAB docker lab1 service ls --filter label=bosun.kind=proxy
  change the config: edit $WORK/bosun.yaml, then run this demo again (it deploys it as a new Docker config)
  the controller's log:  ${lab_env}$LAB docker lab1 service logs bosun_controller
  tear it all down:      make lab-down
EOF
if [ -n "$API" ]; then
  cat <<EOF
  the orchestration API (docs/orchestration.md has every route), from the lab's network:
    TOKEN=\$(cat $WORK/ops-token); API=$API
    ${lab_env}$LAB exec lab1 curl -s -H "Authorization: Bearer \$TOKEN" \$API/orchestrate/services/spawned
    ${lab_env}$LAB exec lab1 curl -s -X POST -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
      -d '{"node_id": "node_a1", "node_tron_address": "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7"}' \$API/orchestrate/mongodb/clone
    ${lab_env}$LAB exec lab1 curl -s -H "Authorization: Bearer \$TOKEN" \$API/orchestrate/audit
EOF
fi
if [ -n "$failed" ]; then
  printf '\ndemo: FAILED, commands did not exit as expected:%s\n' "$failed" >&2
  exit 1
fi
