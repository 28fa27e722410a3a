#!/usr/bin/env bash
# pilotti init creates a repository that stock git accepts and that validates.
. "$(dirname "$0")/lib.sh"
cd "$TRASH"

test_case "init creates a series with a first commit on main"
expect_status 0 pilotti init sarja --title "Sosiaalityön vaikuttavat toimintamallit" --title-en "Effective operating models" && {
  expect_out "Created the pilot series 'sarja'"
  [ "$(git -C sarja rev-parse --abbrev-ref HEAD)" = main ] || fail "HEAD is not main"
  [ "$(git -C sarja rev-list --count HEAD)" = 1 ] || fail "not exactly one commit"
  git -C sarja log -1 --format='%an <%ae>' | grep -q "Testi Käyttäjä <testi@thl.example>" || fail "author not from git config"
  for f in pilot.json schemas/pilot.schema.json schemas/model.schema.json \
           schemas/logic-model.schema.json schemas/evaluation.schema.json .gitattributes; do
    git -C sarja cat-file -e "HEAD:$f" || fail "$f not committed"
  done
  [ -z "$(git -C sarja status --porcelain)" ] || fail "work tree not clean after init"
}
pass

test_case "git fsck --strict accepts what init wrote"
fsck_clean sarja
pass

test_case "the new series validates with no findings"
expect_status 0 pilotti -C sarja validate && expect_out "valid: no problems found"
pass

test_case "the schemas written are the ones built in, byte for byte"
for s in pilot model logic-model evaluation; do
  cmp -s "sarja/schemas/$s.schema.json" "$PILOTTI_SRC/templates/schemas/$s.schema.json" || fail "$s schema differs"
done
pass

test_case "pilot.json holds the options given and is canonical"
grep -q '"title": {' sarja/pilot.json || fail "no title object"
grep -q '"fi": "Sosiaalityön vaikuttavat toimintamallit"' sarja/pilot.json || fail "Finnish title missing"
grep -q '"en": "Effective operating models"' sarja/pilot.json || fail "English title missing"
(cd sarja && expect_status 0 pilotti fmt --check)
pass

test_case "--language sv and --id are honoured; the title goes to the main language"
expect_status 0 pilotti init --id osterbotten --language sv --title "Effektiva modeller" sv-sarja && {
  grep -q '"id": "osterbotten"' sv-sarja/pilot.json || fail "id not set"
  grep -q '"language": "sv"' sv-sarja/pilot.json || fail "language not set"
  grep -q '"sv": "Effektiva modeller"' sv-sarja/pilot.json || fail "title not in Swedish"
  fsck_clean sv-sarja
}
pass

test_case "--author overrides git config"
expect_status 0 pilotti init --author "Fasi Litaattori <fasi@thl.example>" a-sarja &&
  git -C a-sarja log -1 --format='%an <%ae>' | grep -q "Fasi Litaattori <fasi@thl.example>" || fail "author not used"
pass

test_case "init refuses a folder that is not empty, and changes nothing there"
mkdir taken && echo "muistiinpano" > taken/notes.txt
expect_status 1 pilotti init taken && expect_err "already exists and is not empty"
[ ! -e taken/.git ] && [ ! -e taken/pilot.json ] || fail "init wrote into a non-empty folder"
expect_status 1 pilotti init sarja
pass

test_case "init refuses an invalid id with a clear message"
expect_status 2 pilotti init "Huono Nimi" && expect_err "'Huono Nimi' cannot be the series' id"
[ ! -e "Huono Nimi" ] || fail "a folder was created for a refused series"
pass

test_case "init refuses an unknown language"
expect_status 1 pilotti init --language de de-sarja && expect_err "'language' must be one of 'fi', 'sv' or 'en', not 'de'"
[ ! -e de-sarja ] || fail "a folder was created for a refused series"
pass

test_case "init without a known author says how to set one"
mkdir -p "$TRASH/nobody"
expect_status 2 env HOME="$TRASH/nobody" XDG_CONFIG_HOME="$TRASH/nobody" "$PILOTTI" init nobody2 && expect_err "git config --global user.name"
[ ! -e nobody2 ] || fail "a half-made series was left behind"
pass

finish
