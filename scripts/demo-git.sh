# Sourced by scripts/start: serves the demo's git data source on loopback.
# Makes .demo/git/examples.git, a bare repository of examples/notebooks/ (made
# again when those files change), and serves .demo/git with `git daemon` on
# 127.0.0.1:9418 (DEMO_GIT_PORT) for as long as the demo runs. app-config.yaml's
# "examples" data source clones git://127.0.0.1:9418/examples.git.
demo_git_port=${DEMO_GIT_PORT:-9418}
demo_git_dir="$PWD/.demo/git"
demo_git_source="$PWD/examples/notebooks"
demo_git_stamp=$(cd "$demo_git_source" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)

if [ "$(cat "$demo_git_dir/examples.stamp" 2>/dev/null)" != "$demo_git_stamp" ]; then
  rm -rf "$demo_git_dir/examples.git" "$demo_git_dir/work"
  mkdir -p "$demo_git_dir/work"
  cp -r "$demo_git_source/." "$demo_git_dir/work/"
  (
    cd "$demo_git_dir/work"
    git init -q -b main
    git add -A
    git -c user.name="Workspaces demo" -c user.email=demo@localhost commit -q -m "Example notebooks"
  )
  git clone -q --bare "$demo_git_dir/work" "$demo_git_dir/examples.git"
  rm -rf "$demo_git_dir/work"
  echo "$demo_git_stamp" >"$demo_git_dir/examples.stamp"
fi

if (exec 3<>"/dev/tcp/127.0.0.1/$demo_git_port") 2>/dev/null; then
  echo "==> git daemon: port $demo_git_port is in use (a git daemon of the demo already runs?); not starting another"
else
  git daemon --reuseaddr --listen=127.0.0.1 --port="$demo_git_port" --base-path="$demo_git_dir" \
    --export-all --informative-errors "$demo_git_dir" >"$PWD/.demo/git-daemon.log" 2>&1 &
  echo "==> the example notebooks at git://127.0.0.1:$demo_git_port/examples.git (git daemon, pid $!)"
fi
