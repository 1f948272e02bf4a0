"""Message templates by genre and language. `{LABEL}` slots take a labelled value; `{NAME}`,
`{FULLNAME}` and `{ADDRESS}` expand into several labelled parts; lower-case slots (`{order}`,
`{version}` …) take unlabelled look-alikes, so the model learns what *not* to mask."""

EN = [
    # Slack chatter
    "hey {@} can you ping {FIRSTNAME} about the {order} refund? her number is {PHONENUMBER}",
    "{FIRSTNAME} is out today, reach her at {EMAIL} if it's urgent",
    "just talked to {NAME} from {COMPANYNAME}, they want a call at {TIME} tomorrow",
    "can someone send {FIRSTNAME} {LASTNAME} the onboarding doc? personal email is {EMAIL}",
    "lol {FIRSTNAME} left their laptop unlocked again :facepalm:",
    "fyi {NAME} moved to {CITY}, new address is {ADDRESS}",
    "who owns ticket {ticket}? customer {NAME} keeps calling {PHONENUMBER}",
    "{@} the vendor wants the wire to {IBAN} by {DATE}, amount {AMOUNT} {CURRENCY}",
    "ok so {FIRSTNAME}'s login is {USERNAME} and the temp password is {PASSWORD}",
    "congrats to {FULLNAME}, our new {JOBTITLE}! :tada:",
    "{FIRSTNAME} and {FIRSTNAME} will cover the on-call rotation this week",
    "reminder: {FIRSTNAME}'s birthday is {DOB}, card is going around",
    "my flight lands at {TIME}, {FIRSTNAME} is picking me up at {ADDRESS}",
    "Does anyone know {FIRSTNAME} {LASTNAME}? Their profile is {URL}",
    "prod alert from {IP} again, user agent {USERAGENT}",
    "the customer's card {CREDITCARDNUMBER} got declined twice, she's at {PHONENUMBER}",
    "can you approve {FIRSTNAME}'s expense of {CURRENCY}{AMOUNT} for the {CITY} trip?",
    "{NAME} ({EMAIL}) asked to be removed from the list",
    "heads up, {FIRSTNAME} shared their SSN {SSN} in the other channel, pls delete",
    "{FIRSTNAME}: standup moved to {time}, {FIRSTNAME} is presenting v{version}",
    "tell {PREFIX} {LASTNAME} the contract with {COMPANYNAME} is ready",
    "I'm meeting {FIRSTNAME} at {COMPANYNAME} in {CITY}, {STATE} next week",
    "new lead: {FULLNAME}, {JOBTITLE} at {COMPANYNAME}, {PHONENUMBER}",
    "{FIRSTNAME} {LASTNAME} turned {AGE} today, cake in the kitchen at {TIME}",
    "the package for {NAME} goes to {ADDRESS}",
    # support tickets
    "Ticket #{ticket}: Customer {FULLNAME} ({EMAIL}) reports that order {order} never arrived at {ADDRESS}.",
    "Caller {NAME}, DOB {DOB}, account {ACCOUNTNUMBER}, requests a refund of {AMOUNT} {CURRENCY}.",
    "Customer {FIRSTNAME} {LASTNAME} called from {PHONENUMBER} about invoice {order}; card on file {CREDITCARDNUMBER}.",
    "User {USERNAME} cannot log in from {IP}; browser: {USERAGENT}",
    "Please update the billing address for {NAME} to {ADDRESS}. Contact: {EMAIL}",
    "Escalation: {PREFIX} {LASTNAME} from {COMPANYNAME} threatened to cancel. Reach at {PHONENUMBER} after {TIME}.",
    "Refund approved for {FULLNAME}: {CURRENCY} {AMOUNT} to IBAN {IBAN}.",
    "Verified identity of {NAME} with SSN {SSN} and date of birth {DOB}.",
    "Shipping label: {NAME}, {ADDRESS}, tel. {PHONENUMBER}",
    "Account {ACCOUNTNAME} ({ACCOUNTNUMBER}) of {NAME} was locked on {DATE} at {TIME}.",
    # HR
    "Offer letter for {FULLNAME}: {JOBTITLE}, start date {DATE}, salary {AMOUNT} {CURRENCY}.",
    "{NAME} ({AGE}, {SEX}) has requested parental leave from {DATE}.",
    "Emergency contact for {FIRSTNAME} {LASTNAME}: {NAME}, {PHONENUMBER}.",
    "Please process the termination of {FULLNAME}, employee since {DATE}. Final pay to {IBAN}.",
    "Background check for {NAME}, born {DOB} in {CITY}, SSN {SSN}.",
    "{FIRSTNAME} {LASTNAME} relocates from {CITY} to {CITY}; new home: {ADDRESS}.",
    "Interview with {NAME} for the {JOBTITLE} role is on {DATE} at {TIME}.",
    "Payroll: {NAME}, account {ACCOUNTNUMBER}, gross {AMOUNT} {CURRENCY}.",
    # medical
    "Patient {FULLNAME}, {AGE} y/o {SEX}, DOB {DOB}, admitted on {DATE} with chest pain.",
    "{PREFIX} {LASTNAME} is scheduled for an MRI at {TIME}; call {PHONENUMBER} to confirm.",
    "Lab results for {NAME} (born {DOB}) were sent to {EMAIL}.",
    "Patient lives at {ADDRESS}; next of kin {NAME}, {PHONENUMBER}.",
    "{FIRSTNAME} {LASTNAME}, {GENDER}, {AGE}, referred by {PREFIX} {LASTNAME}.",
    # e-mails
    "Dear {PREFIX} {LASTNAME},\n\nthank you for your payment of {AMOUNT} {CURRENCY}. Kind regards,\n{FIRSTNAME} {LASTNAME}\n{JOBTITLE}, {COMPANYNAME}",
    "Hi {FIRSTNAME},\nplease find the invoice attached. Transfer to {IBAN} by {DATE}.\nThanks, {FIRSTNAME}",
    "From: {NAME} <{EMAIL}>\nTo: {EMAIL}\nSubject: meeting on {DATE}",
    "Best regards,\n{FULLNAME}\n{JOBTITLE} | {COMPANYNAME}\n{ADDRESS}\nM: {PHONENUMBER}",
    "Hello {FIRSTNAME}, your username is {USERNAME} and your temporary password is {PASSWORD}.",
    "Dear {FIRSTNAME}, your appointment at {ADDRESS} is confirmed for {DATE} at {TIME}.",
    "Hi {PREFIX} {LASTNAME}, the card ending {CREDITCARDNUMBER} will be charged {CURRENCY}{AMOUNT} on {DATE}.",
    "{FIRSTNAME}, could you visit {URL} and confirm your details before {DATE}?",
    "Dear {NAME}, we noticed a login from {IP} in {CITY}. If this wasn't you, call {PHONENUMBER}.",
    "Good morning {FIRSTNAME}, our {JOBTITLE} {NAME} will contact you regarding your {ACCOUNTNAME}.",
    "Please send the documents to {PREFIX} {FIRSTNAME} {LASTNAME}, {ADDRESS}.",
    "Your delivery to {STREET} {BUILDINGNUMBER}, {ZIPCODE} {CITY} is scheduled for {DATE}.",
    "We are at {NEARBYGPSCOORDINATE}, near {CITY}. Meet {FIRSTNAME} there at {TIME}.",
    # logs
    "{ts} INFO login ok user={USERNAME} ip={IP} ua=\"{USERAGENT}\"",
    "{ts} WARN payment failed card={CREDITCARDNUMBER} email={EMAIL} amount={AMOUNT}",
    "{ts} ERROR signup rejected name=\"{NAME}\" phone={PHONENUMBER} reason=duplicate",
    "{ts} DEBUG request id={uuid} from {IP} took {ms}ms",
    "{ts} INFO password reset for {EMAIL} from {IP}",
    "{ts} AUDIT {USERNAME} exported {count} rows of {COMPANYNAME} data",
]

DE = [
    "Hallo {FIRSTNAME}, kannst du {NAME} unter {PHONENUMBER} zurückrufen?",
    "Sehr geehrte/r {PREFIX} {LASTNAME}, Ihre Bestellung {order} wird an {ADDRESS} geliefert.",
    "Bitte überweise {AMOUNT} {CURRENCY} an {IBAN} bis zum {DATE}.",
    "{FULLNAME} ({EMAIL}) ist ab {DATE} unser neuer {JOBTITLE}.",
    "Patient {NAME}, geboren am {DOB}, wohnt in {CITY}.",
    "Mit freundlichen Grüßen\n{FIRSTNAME} {LASTNAME}\n{COMPANYNAME}\nTel. {PHONENUMBER}",
    "Der Kunde {NAME} hat sich um {TIME} über {EMAIL} gemeldet.",
    "Neue Adresse von {FIRSTNAME}: {STREET} {BUILDINGNUMBER}, {ZIPCODE} {CITY}",
    "Benutzer {USERNAME} hat sich von {IP} angemeldet, Passwort {PASSWORD} bitte ändern.",
    "Kreditkarte {CREDITCARDNUMBER} von {NAME} wurde abgelehnt.",
]
FR = [
    "Bonjour {FIRSTNAME}, peux-tu rappeler {NAME} au {PHONENUMBER} ?",
    "Madame {LASTNAME}, votre commande {order} sera livrée au {ADDRESS}.",
    "Merci de virer {AMOUNT} {CURRENCY} sur le compte {IBAN} avant le {DATE}.",
    "{FULLNAME} ({EMAIL}) rejoint {COMPANYNAME} comme {JOBTITLE}.",
    "Le patient {NAME}, né le {DOB}, habite à {CITY}.",
    "Cordialement,\n{FIRSTNAME} {LASTNAME}\n{COMPANYNAME}\nTél. {PHONENUMBER}",
    "Le client {NAME} a appelé à {TIME} depuis le {PHONENUMBER}.",
    "Nouvelle adresse de {FIRSTNAME} : {BUILDINGNUMBER} {STREET}, {ZIPCODE} {CITY}",
    "L'utilisateur {USERNAME} s'est connecté depuis {IP}.",
    "La carte {CREDITCARDNUMBER} de {NAME} a été refusée.",
]
IT = [
    "Ciao {FIRSTNAME}, puoi richiamare {NAME} al {PHONENUMBER}?",
    "Gentile {PREFIX} {LASTNAME}, il suo ordine {order} sarà consegnato in {ADDRESS}.",
    "Per favore bonifica {AMOUNT} {CURRENCY} su {IBAN} entro il {DATE}.",
    "{FULLNAME} ({EMAIL}) è il nuovo {JOBTITLE} di {COMPANYNAME}.",
    "Il paziente {NAME}, nato il {DOB}, vive a {CITY}.",
    "Cordiali saluti,\n{FIRSTNAME} {LASTNAME}\nTel. {PHONENUMBER}",
    "Il cliente {NAME} ha scritto da {EMAIL} alle {TIME}.",
    "La carta {CREDITCARDNUMBER} di {NAME} è stata rifiutata.",
]
ES = [
    "Hola {FIRSTNAME}, ¿puedes llamar a {NAME} al {PHONENUMBER}?",
    "Estimado {PREFIX} {LASTNAME}, su pedido {order} se enviará a {ADDRESS}.",
    "Por favor transfiere {AMOUNT} {CURRENCY} a {IBAN} antes del {DATE}.",
    "{FULLNAME} ({EMAIL}) es el nuevo {JOBTITLE} de {COMPANYNAME}.",
    "El paciente {NAME}, nacido el {DOB}, vive en {CITY}.",
    "Saludos,\n{FIRSTNAME} {LASTNAME}\nTel. {PHONENUMBER}",
    "El cliente {NAME} escribió desde {EMAIL} a las {TIME}.",
    "La tarjeta {CREDITCARDNUMBER} de {NAME} fue rechazada.",
]
NL = [
    "Hoi {FIRSTNAME}, kun je {NAME} terugbellen op {PHONENUMBER}?",
    "Beste {PREFIX} {LASTNAME}, uw bestelling {order} wordt geleverd op {ADDRESS}.",
    "Graag {AMOUNT} {CURRENCY} overmaken naar {IBAN} voor {DATE}.",
    "{FULLNAME} ({EMAIL}) is de nieuwe {JOBTITLE} bij {COMPANYNAME}.",
    "Patiënt {NAME}, geboren op {DOB}, woont in {CITY}.",
    "Met vriendelijke groet,\n{FIRSTNAME} {LASTNAME}\nTel. {PHONENUMBER}",
    "De klant {NAME} mailde vanaf {EMAIL} om {TIME}.",
    "De creditcard {CREDITCARDNUMBER} van {NAME} is geweigerd.",
]

BY_LOCALE = {"en_US": EN, "en_GB": EN, "de_DE": DE, "fr_FR": FR, "it_IT": IT, "es_ES": ES, "nl_NL": NL}

# PII-free messages full of look-alikes.
CLEAN = [
    "deployed v{version} to prod at {time} on {isodate} :rocket:",
    "order #{order} shipped, tracking {tracking}, total ${price}",
    "commit {hash} fixes the flaky test, see <https://github.com/acme/app/pull/{count}|PR {count}>",
    "{@} standup moved to {time}, room {room}",
    "build {order} failed after {count} retries; p95 latency {price} ms",
    "Q{q} revenue up {count}% vs last year, forecast {price}k",
    "The meeting ID is {meeting}; dial-in details are in the calendar invite",
    "<!here> maintenance window {isodate} {time}-{time} UTC, expect {count} min downtime",
    "ticket JIRA-{count} blocked by INC{order}, version {version}",
    "server load {price} at {time}, pid {order}, port {count}",
    "lunch order: {count} pizzas at ${price} each &amp; {count} salads",
    "use `docker run -p {count}:{count} acme/app:{version}` and check sha256 {hash}",
    "the docs are at https://docs.python.org/3/library/re.html, section {version}",
    "{ts} INFO request id={uuid} took {ms}ms status=200",
    "{ts} WARN cache miss ratio {price}% on shard {count}",
    "can we bump the timeout from {count}s to {count}s? it fails on the {isodate} nightly",
    "thanks all, great sprint! velocity {count} points, {count} bugs closed",
    "PR #{count} merged into main, release notes in <#C{room}|releases>",
    "Invoice INV-{order} for ${price} is due net {count}",
    "Our office is closed on Monday for the holiday. Happy Thanksgiving!",
    "the new pricing tier is ${price}/month for up to {count} seats",
    "Please review the Q{q} roadmap before Thursday's planning meeting.",
    "We upgraded Postgres to {version} and the migration took {ms} ms",
    "The API returns HTTP {count} when the payload exceeds {count} KB",
    "Error code {hex} appears in {count} of {count} runs",
    "Sprint {count} retro: what went well, what didn't, action items",
    "sha {hash} is the last green build; rollback target is {version}",
    "customer satisfaction score is {price} this quarter",
    "can someone review my PR? it's {count} lines, mostly tests",
    "the conference is in Berlin next year, tickets cost €{price}",
    "la réunion est déplacée à {time}, salle {room}",
    "die Version {version} ist seit {isodate} live",
    "il deploy della versione {version} è previsto per le {time}",
    "la versión {version} sale el {isodate}",
    "de release van versie {version} staat gepland om {time}",
]

# Topics, departments and acronyms that look like names to a tagger but are not personal data.
TOPICS = """mentorship|cardiology research|dental care|holistic education|preventive medicine|parenting styles|
cognitive development|learning disabilities|after-school programs|humanistic therapy|corporate governance|
risk management|supply chain|data privacy|machine learning|customer success|quality assurance|
public health|mental health|early childhood education|financial planning|tax compliance|cloud migration|
cyber security|patient care|clinical trials|nutrition|physiotherapy|special education|curriculum design|
occupational therapy|brand strategy|market research|product design|talent acquisition|employee wellbeing|
diversity and inclusion|sustainability|renewable energy|urban planning|civil engineering|data analytics|
software architecture|incident response|network security|digital marketing|pediatrics|oncology|radiology|
geriatrics|telemedicine|vocational training|student counseling|academic integrity|research ethics""".replace(
    "\n", "").split("|")
ACRONYMS = ["IT", "HR", "ICU", "ER", "IBAN", "DOB", "IMEI", "BIC", "CVV", "SSN", "VIN", "IPv6", "IPv4", "MAC",
            "PIN", "Bitcoin", "Ethereum", "PDF", "CRM", "KPI", "OKR", "API", "SLA", "GDPR", "HIPAA", "MRI", "CT"]

CLEAN += [
    "Our {topic} workshop is next week; please register by Friday.",
    "The {Topic} team will present the new {topic} guidelines at the all-hands.",
    "Please review the {Topic} report before the {topic} committee meets.",
    "We are looking for volunteers for the {topic} and {topic} programs.",
    "Reminder: the {Topic} seminar was amazing, slides are on the intranet.",
    "Never share your {acronym} or {acronym} in this channel, even with the {acronym} team.",
    "Which {acronym} format does the {Topic} department need for the upload?",
    "The {acronym} policy for {topic} changed; see the wiki for details.",
    "Thanks for joining the {Topic} webinar! Recording and notes are attached.",
    "New course on {topic} and {topic} starts in {count} days.",
    "Our {Topic} Assistant role is open again, apply on the careers page.",
    "Budget for {topic} was approved; {topic} is next on the list.",
    "Please update your {acronym} settings after the {acronym} migration.",
]
