#!/usr/bin/env bash
# Git merges annotation sets through press-annotate's merge driver, with real Git: two
# annotators' clones of one repository edit the same set of the sample article (one adds an
# annotation, the other changes the note of another one and sets the status to Done, on the
# neighbouring line, so that Git's own line merge would stop on a conflict); the second one
# pulls. The merge must succeed with no conflict, `press-annotate validate` must pass, and
# both edits must be in the merged set.
#
# Uses target/debug/press-annotate (built if missing), or the binary named by $PRESS_ANNOTATE.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${PRESS_ANNOTATE:-$root/target/debug/press-annotate}
if [ ! -x "$bin" ]; then
  cargo build --quiet --bin press-annotate
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
article=kerry-lavrov-syria.txt
set_file=$article.annotations.ron

fail() {
  echo "check-git-merge: $*" >&2
  exit 1
}

git_in() {
  local dir=$1
  shift
  git -C "$dir" -c user.name=press-annotate-check -c user.email=check@example.invalid \
    -c init.defaultBranch=main "$@"
}

configure() {
  git -C "$1" config pull.rebase false
  git -C "$1" config merge.press-annotate.driver "\"$bin\" merge %O %A %B --out %A --path %P"
}

git init --quiet --bare "$tmp/origin.git"
git -C "$tmp/origin.git" symbolic-ref HEAD refs/heads/main
git clone --quiet "$tmp/origin.git" "$tmp/seed" 2>/dev/null
git -C "$tmp/seed" symbolic-ref HEAD refs/heads/main
mkdir "$tmp/seed/articles"
cp "assets/$article" "assets/$set_file" "$tmp/seed/articles/"
echo '*.annotations.ron merge=press-annotate' > "$tmp/seed/.gitattributes"
git_in "$tmp/seed" add .
git_in "$tmp/seed" commit --quiet -m "the sample article and its set"
git_in "$tmp/seed" push --quiet origin main

for who in alice bob; do
  git clone --quiet "$tmp/origin.git" "$tmp/$who"
  configure "$tmp/$who"
done

# alice adds an annotation (after the last one: "Kerry" in the headline at the end).
sed -i '/Annotation(id: 6,/a\        Annotation(id: 7, label: "entity", start: 3034, end: 3039, text: "Kerry", attributes: {"type": "person"}),' \
  "$tmp/alice/articles/$set_file"
git_in "$tmp/alice" commit --quiet -am "alice: Kerry in the headline"
git_in "$tmp/alice" push --quiet origin main

# bob changes the note of annotation 6 (the line before alice's) and marks the set Done.
sed -i -e 's/note: Some("attributed to unnamed officials")/note: Some("attributed to unnamed US officials")/' \
  -e 's/status: InProgress/status: Done/' "$tmp/bob/articles/$set_file"
git_in "$tmp/bob" commit --quiet -am "bob: note and Done"

# Git's own line merge would stop here: the edits touch neighbouring lines.
if git merge-file -p "$tmp/bob/articles/$set_file" "assets/$set_file" \
  "$tmp/alice/articles/$set_file" >/dev/null 2>&1; then
  fail "the two edits were expected to conflict in a line merge (the check would prove nothing)"
fi

if ! git_in "$tmp/bob" pull --quiet --no-edit origin main >"$tmp/pull.log" 2>&1; then
  cat "$tmp/pull.log" >&2
  fail "the pull did not merge"
fi
cat "$tmp/pull.log"
merged="$tmp/bob/articles/$set_file"
if grep -q '^<<<<<<<\|^>>>>>>>' "$merged"; then
  fail "conflict markers in the merged set"
fi
[ -z "$(git -C "$tmp/bob" status --porcelain)" ] || {
  git -C "$tmp/bob" status >&2
  fail "the work tree is not clean after the merge"
}
[ ! -e "$tmp/bob/articles/$article.conflicts.ron" ] || fail "conflicts were recorded"
git -C "$tmp/bob" log --oneline -1 --merges | grep -q . || fail "no merge commit"

"$bin" validate "$tmp/bob/articles" || fail "the merged set does not validate"
grep -q 'Annotation(id: 7, label: "entity", start: 3034, end: 3039, text: "Kerry"' "$merged" \
  || fail "alice's annotation is missing"
grep -q 'note: Some("attributed to unnamed US officials")' "$merged" || fail "bob's note is missing"
grep -q 'status: Done' "$merged" || fail "bob's status is missing"
[ "$(grep -c 'Annotation(id:' "$merged")" = 6 ] || fail "the merged set should hold 6 annotations"

# alice pulls the merge back: a fast-forward, the same file.
git_in "$tmp/bob" push --quiet origin main
git_in "$tmp/alice" pull --quiet --no-edit origin main
cmp -s "$merged" "$tmp/alice/articles/$set_file" || fail "alice's clone differs after the pull"
echo "check-git-merge: both edits merged through the driver; the set validates"
