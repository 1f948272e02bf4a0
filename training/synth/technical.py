"""Workplace technical traffic and chat: logs, stack traces, JSON/YAML/CSV/SQL/.env pastes, CLI
output, diffs, regexes, tickets, e-mail threads, chat shorthand and person-like common words.

`TECH_CLEAN` carries no personal data (identifiers, field names, private IPs, timestamps, ids):
it teaches the model what *not* to mask. `TECH_PII` puts values in PII positions (a JSON
`"email"` value, `first_name: …`, sign-offs, `From:` headers, link labels, "Last, First" lists).
Slot syntax as in `templates.py`; `{FIRSTNAME:lower}` is a lower-cased name ("ping sarah").
"""

TECH_CLEAN = [
    # logs
    "{ts} INFO [{svc}] {method} {path} {status} {bytes}b {ms}ms",
    "{hms} ERROR {svc}[{pid}]: connection reset by peer (errno={q}), retrying in {q}s",
    "{ts} WARN {svc} pid={pid} rss={bytes}kB gc_pause={ms}ms",
    "{ts} DEBUG trace_id={trace} span_id={span} parent={span} duration_ms={ms}",
    "{PRIVIP} - - [{clf}] \"{method} {path} HTTP/1.1\" {status} {bytes} \"-\" \"kube-probe/1.{q}\"",
    "level=error ts={ts} caller={module}.go:{count} msg=\"upstream timeout\" upstream={PRIVIP}:{port}",
    "{epoch} {svc} INFO started worker {q}/{q} on port {port}",
    "[{hms}] {svc} | {method} {path} -> {status} in {ms}ms (req {uuid})",
    "Sep {day} {hms} ip-{privdash} systemd[1]: Started {svc}.service.",
    # stack traces
    "Traceback (most recent call last):\n  File \"/app/{module}/{func}.py\", line {count}, in {func}\n    return self.{func}(**kwargs)\n{exc}: {field} must not be null",
    "java.lang.NullPointerException: Cannot invoke \"{Class}.get{Class}()\"\n\tat com.acme.{module}.{Class}.{func}({Class}.java:{count})\n\tat com.acme.{module}.{Class}Service.run({Class}Service.java:{count})",
    "panic: runtime error: index out of range [{q}] with length {q}\n\ngoroutine {count} [running]:\nmain.{func}(...)\n\t/src/{module}/{func}.go:{count} +0x{hexs}",
    "TypeError: Cannot read properties of undefined (reading '{field}')\n    at {Class}.{func} ({module}.js:{count}:{q})",
    # JSON / YAML / CSV / SQL / env
    "{{\"id\": {count}, \"status\": \"{state}\", \"retries\": {q}, \"trace_id\": \"{trace}\", \"created_at\": \"{ts}\"}}",
    "```\n{{\n  \"{field}\": null,\n  \"{field}\": {count},\n  \"updated_at\": {epoch}\n}}\n```",
    "```yaml\nname: {svc}\nreplicas: {q}\nimage: acme/{svc}:{version}\nports:\n  - \"{port}:{port}\"\nresources:\n  limits:\n    memory: {count}Mi\n```",
    "id,{field},{field},created_at\n{count},{state},{count},{isodate}\n{count},{state},{count},{isodate}",
    "SELECT {field}, {field}, {field} FROM {table} WHERE id = {count} AND deleted_at IS NULL;",
    "ALTER TABLE {table} ADD COLUMN {field} VARCHAR({count}) NOT NULL DEFAULT '';",
    "`{field}` is nullable in `{table}` but the serializer expects `{field}`",
    "LOG_LEVEL=debug\nPORT={port}\nREDIS_URL=redis://{PRIVIP}:6379/0\nFEATURE_{flag}=true",
    "the schema has first_name, last_name, date_of_birth and email columns, all `TEXT`",
    "renamed `{field}` to `{field}` in the {Class} model, migration {count} is up",
    "class {Class}(BaseModel):\n    {field}: str\n    {field}: int | None = None",
    # CLI output, diffs, regexes, git
    "$ kubectl get pods -n {svc}\nNAME                     READY   STATUS    RESTARTS   AGE\n{svc}-{hexs}-x{q}k   1/1     Running   0          {count}m",
    "$ docker ps\nCONTAINER ID   IMAGE   PORTS\n{hexs}   postgres:{q}   0.0.0.0:5432->5432/tcp",
    "```diff\n- timeout: {count}\n+ timeout: {count}\n@@ -{count},{q} +{count},{q} @@ def {func}(self):\n```",
    "the regex `^[A-Z]{{2}}\\d{{6}}$` rejects valid ids, try `^\\d{{4}}-\\d{{4}}$`",
    "git rebase -i {sha} then force-push to feature/{slug}",
    "{sha} {Verb} {field} handling in {Class} (#{count})",
    "curl -X {method} https://api.internal.acme.dev{path} -H 'Accept: application/json'",
    "ETag: W/\"{hexs}-{hexs}\", Content-Length: {bytes}, Cache-Control: max-age={count}",
    "bumped {svc} from {version} to {version}, changelog: https://github.com/acme/{svc}/releases",
    "HTTP/1.1 {status} {reason} after {ms} ms, x-request-id: {uuid}",
    "ports {port}:{port} and {port}:{port} clash in docker-compose.yml",
    "uuid {uuid} maps to order {order}, invoice INV-{order}, meeting ID {meeting}",
    # tickets, planning
    "[{proj}-{count}] {Verb} {field} validation on {path}\nPriority: P{q}\nLabels: backend, {svc}\nStatus: {state}",
    "{proj}-{count} and {proj}-{count} are blocked on the {svc} rollout, ETA {weekday}",
    "standup at {time}, retro {weekday} {time}; deploy window {time}-{time} UTC",
    "pricing: ${price}/mo for {count} seats, {price} EUR annually",
    "exp {mmyy} on the test card is fine, any CVC works in sandbox",
    # chat shorthand and look-alike words
    "{shorthand}",
    "{shorthand}",
    "{shorthand}, {shorthand}",
    "{Shorthand}, will merge after CI",
    "{shorthand} {shorthand2}",
    "{lookalike}",
    "{lookalike}",
    "{lookalike}; {lookalike}",
    "ok {shorthand}. {lookalike}",
]

TECH_PII = [
    # values in PII positions inside structured pastes
    "{{\"id\": {count}, \"first_name\": \"{FIRSTNAME}\", \"last_name\": \"{LASTNAME}\", \"email\": \"{EMAIL}\", \"created_at\": \"{ts}\"}}",
    "```\n{{\n  \"user\": {{\"name\": \"{NAME}\", \"phone\": \"{PHONENUMBER}\"}},\n  \"status\": \"{state}\"\n}}\n```",
    "first_name: {FIRSTNAME}\nlast_name: {LASTNAME}\nemail: {EMAIL}\nrole: {svc}-admin",
    "id,first_name,last_name,email\n{count},{FIRSTNAME},{LASTNAME},{EMAIL}\n{count},{FIRSTNAME},{LASTNAME},{EMAIL}",
    "UPDATE users SET email = '{EMAIL}' WHERE last_name = '{LASTNAME}' AND id = {count};",
    "INSERT INTO customers (name, phone, city) VALUES ('{NAME}', '{PHONENUMBER}', '{CITY}');",
    "{ts} INFO {method} {path} {status} user={USERNAME} ip={IP} {ms}ms",
    "{ts} ERROR signup failed for {EMAIL} (trace_id={trace}): {exc}",
    "{hms} WARN login throttled user_id={count} email={EMAIL} from {IP}",
    "DATABASE_URL=postgres://{USERNAME}:{PASSWORD}@db.internal:5432/app",
    "curl -u {USERNAME}:{PASSWORD} https://jenkins.internal.acme.dev/job/{svc}/build",
    "customer {NAME} ({EMAIL}) hit {status} on {path}, trace {trace}",
    "[{proj}-{count}] Refund for {FULLNAME}\nReporter: {NAME}\nCustomer phone: {PHONENUMBER}\nAddress: {ADDRESS}",
    # e-mail threads
    "From: {NAME} <{EMAIL}>\nSent: {weekday}, {DATE} {TIME}\nTo: {NAME} <{EMAIL}>\nSubject: Re: {proj}-{count} {state}\n\nSee below.\n\nBest,\n{FIRSTNAME}",
    "---------- Forwarded message ---------\nFrom: {FIRSTNAME} {LASTNAME} <{EMAIL}>\nDate: {DATE}\nSubject: contract renewal\n\nHi {FIRSTNAME}, please call me at {PHONENUMBER}.",
    "Thanks for the quick fix!\n\nBest, {FIRSTNAME}",
    "Cheers,\n{FIRSTNAME}",
    "ok will do. thx — {FIRSTNAME}",
    "Viele Grüße\n{FIRSTNAME}",
    "Regards,\n{FIRSTNAME} | {JOBTITLE}",
    # chat positions
    "ping {FIRSTNAME:lower} about the {svc} deploy",
    "cc {FIRSTNAME:lower} {FIRSTNAME:lower}",
    "{FIRSTNAME:lower} said {shorthand}, so merging now",
    "{shorthand}, asking {FIRSTNAME} to review {proj}-{count}",
    "thx {FIRSTNAME:lower}! {shorthand}",
    "<{profile}|{FIRSTNAME}'s LinkedIn>",
    "see <https://acme.atlassian.net/wiki/people/{count}|{NAME}'s profile> for the rota",
    "new hires this week:\n• {NAME}\n• {NAME}\n• {NAME}",
    "on call: {LASTNAME}, {FIRSTNAME}; {LASTNAME}, {FIRSTNAME}",
    "{LASTNAME}, {FIRSTNAME} ({EMAIL}) - {svc} team",
    "{lookalike} but {FIRSTNAME} {LASTNAME} still needs access",
    "{NAME} from {CITY} asked about {proj}-{count}",
    # first names that are also common words, in real name positions
    "rollout of {svc} {version} started by {WORDNAME} {LASTNAME}",
    "{WORDNAME} {LASTNAME} approved the change, merging after CI",
    "thanks {WORDNAME}! {shorthand}",
    "can {WORDNAME} take the {svc} on-call this week?",
    "{WORDNAME} {LASTNAME} ({EMAIL}) is the new {svc} owner",
    "Hi {WORDNAME}, the {proj}-{count} fix is live",
    "welcome {WORDNAME} {LASTNAME} to the team :wave:",
    "{WORDNAME} said the {lookalike}",
    "{ssnlike} belongs to {NAME}",
    "the {svc} team ({NAME}, {NAME}) shipped {version}",
    "{NAME} and {NAME} are pairing on {proj}-{count}",
]

# First names that are also English words or places, so the model learns the difference from
# context: "Rose Okafor approved it" against "Rose gold SKU".
WORDNAMES = """Rose|Bill|Mark|Grace|Frank|Holly|Max|Victoria|Sage|Amber|Jordan|Paris|Will|Hope|Faith|Joy|Dawn|
Robin|Drake|Crystal|Heather|Hunter|Chase|Austin|Sydney|Georgia|Virginia|Carter|Penny|Ivy|Lily|Summer|April|
June|Sierra|Dakota|Florence|Victor|Oscar|Jack|Pat|Sue|Rob|Art|Gene|Ray|Don|Guy|Jay|Kay|May|Bob|Ruby|Jade|
Angel|Rich|Sunny|Misty|Destiny|Harmony|Melody|River|Brook|Forest|Stone|Storm|Wade|Lane|Miles|Chance""".replace(
    "\n", "").split("|")

# Everyday chat in the other template languages, free of personal data: without it the model
# reads unfamiliar words ("demain matin", "heute noch") as names.
CHAT_CLEAN = {
    "de": ["schaust du dir den Entwurf bis Mittwoch an?", "bin gleich im Meeting, melde mich später",
           "klingt gut, dann machen wir das so", "kurze Frage: ist das Ticket schon erledigt?",
           "ich bin ab morgen im Urlaub, Vertretung steht im Kalender", "der Kunde wartet noch auf Rückmeldung",
           "passt, ich kümmere mich nach der Mittagspause darum", "der Build ist wieder grün, danke euch",
           "wer übernimmt am Wochenende die Rufbereitschaft?", "sorry, bin krank, übermorgen wieder da",
           "Bitte gebt bis Freitag Feedback zum Entwurf.", "Mittagessen um zwölf in der Kantine?"],
    "fr": ["je m'en occupe après le déjeuner", "merci, c'est noté !", "je reviens vers vous cet après-midi",
           "le client attend encore une réponse", "petite question : le ticket est-il clos ?", "je suis en réunion, je reviens vers toi après",
           "le déploiement est passé, tout est vert", "qui est d'astreinte ce week-end ?",
           "bonne journée à tous", "pas de souci, je m'en occupe", "on décale le point à jeudi après-midi ?"],
    "it": ["ci guardo domani mattina", "grazie, tutto chiaro", "sono in riunione, ti richiamo dopo",
           "il rilascio è andato bene", "chi è di turno questo weekend?", "buona giornata a tutti"],
    "es": ["lo reviso mañana por la mañana", "gracias, todo claro", "estoy en una reunión, te llamo luego",
           "el despliegue salió bien", "¿quién está de guardia este fin de semana?", "buen día a todos"],
    "nl": ["ik kijk er morgenochtend naar", "bedankt, helder!", "zit in een meeting, bel je zo terug",
           "de release is goed gegaan", "wie heeft dit weekend dienst?", "fijne dag allemaal"],
}

SHORTHAND = """lgtm|LGTM|ty|ty!|tyvm|thx|ack|ack'd|brb|bbl|wfh today|wfh|ooo tomorrow|+1|+1 from me|np|nvm|omw|afk 10|ptal|
nit|TIL|iirc|fwiw|imo|imho|eod|EOD|eta?|ETA|sgtm|SGTM|ship it|rfc|wip|WIP|tl;dr|fyi|FYI|ooo|OOO|pto|PTO|dm me|
sounds good|on it|done|merged|👍|hmm|yep|nope|lol|lmk|LMK|afaik|btw|BTW|asap|tbd|TBD|rtfm|w/e|idk|jk|gg|irl|
ETA eod|qq|QQ|ping me|standup?|blocked|unblocked|rebased|reverted|shipped|rollback done|hotfix out""".replace(
    "\n", "").split("|")

# Person- and place-like words in product and infrastructure talk: composed from parts, so the
# phrases differ from our hand-written development set and from any probe list.
LOOKALIKE_WORDS = """Rose|Bill|Mark|Grace|Frank|Holly|Max|Victoria|Sage|Amber|Jordan|Paris|Hope|Joy|Dawn|Robin|
Crystal|Heather|Hunter|Chase|Austin|Sydney|Georgia|Virginia|Penny|Ivy|Lily|Summer|April|June|Sierra|Dakota|
Florence|Victor|Oscar|Phoenix|Atlas|Apollo|Hermes|Mercury|Zeus|Athena|Aurora|Orion|Nova|Luna|Tokyo|London|
Berlin|Dublin|Frankfurt|Mumbai|Singapore|Toronto|Amazon|Apple|Google|Oracle|Jenkins|Ruby|Rusty|Tango|Delta|
Echo|Juliet|Romeo|Sage|Basil|Olive|Ginger|Pepper|Cherry|Coral|Jasper|Onyx|Indigo""".replace("\n", "").split("|")
LOOKALIKE_THINGS = ("cluster", "region", "branch", "release", "theme", "SKU", "palette", "dashboard", "pipeline",
                    "queue", "build", "test suite", "bucket", "sprint", "milestone", "feature flag", "office",
                    "datacenter", "project", "migration", "runbook", "node pool", "landing page", "promo")
LOOKALIKE_STATES = ("is down", "is flaky again", "looks green", "went red overnight", "is healthy", "is blocked",
                    "goes live Monday", "is deprecated", "is out of stock", "needs an owner", "was rolled back",
                    "passed QA", "is over budget", "got renamed", "is read-only until noon")
LOOKALIKE_TEMPLATES = ("{word} {thing} {state}", "the {word} {thing} {state}", "{word} {thing}: {state}",
                       "fyi {word} {thing} {state}", "{word} {thing} {state}, {word2} {thing2} {state2}",
                       "{verbname} {obj}", "{verbname} {obj} before {weekday}", "{colorname} {color} for the {thing}",
                       "{colorname} {color} or {colorname2} {color2}?", "{adjective}")
# Names that are also verbs, colours and set phrases, used as such.
VERB_NAMES = {"Bill": ("the customer for March", "them for the overtime", "the account monthly"),
              "Mark": ("it done", "this ticket fixed", "the thread resolved"),
              "Chase": ("the vendor", "legal for the signature", "the overdue invoices"),
              "Sue": ("the supplier if they keep stalling",), "Will": ("check tomorrow", "push the fix tonight"),
              "Grant": ("access to the bucket", "read rights to the intern"), "Drew": ("a diagram of the flow",),
              "Hunt": ("down the memory leak",), "Rob": ("Peter to pay Paul, again",), "Pat": ("yourselves on the back",)}
COLOR_NAMES = {"Sage": "green", "Amber": "yellow", "Ruby": "red", "Olive": "drab", "Rose": "pink", "Ivy": "green",
               "Jade": "green", "Coral": "pink", "Hazel": "brown", "Violet": "purple", "Scarlett": "red",
               "Blue": "grey", "Jet": "black"}
ADJECTIVE_PHRASES = ("Holly and ivy decorations are up", "Merry and bright, see you at the party",
                     "Frankly the build is too slow", "Hope this helps!", "Joy of refactoring, part two",
                     "Dawn of the new pipeline", "Faith in the test suite restored", "Grace under pressure today, team")
