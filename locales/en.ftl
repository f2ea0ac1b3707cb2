# dra's messages in English: the reference catalog (every message exists here).
# A message id names where it is used: `<area>-<what>`.

language-name = English

## accounts

accounts-active = active
accounts-add-shows-a-one-time-password = Add (shows a one-time password)
accounts-api-tokens = API tokens
accounts-change-role = Change role
accounts-disable = Disable
accounts-disabled = disabled
accounts-enable = Enable
accounts-new-user = New user
accounts-no-token-dra-token-create-makes = No token. `dra token create` makes one.
accounts-revoke = Revoke
accounts-role = Role
accounts-users = Users

## campaign

campaign-settings-a-preview-of-what-you-wrote = A preview of what you wrote: nothing is saved yet.
campaign-settings-as-a-sample-participant-receives-it = As a sample participant receives it
campaign-settings-built-in-text = built-in text
campaign-settings-closes-the-campaign-s-local-time = Closes (the campaign's local time)
campaign-settings-closing = Closing
campaign-settings-empty-no-closing-date = Empty: no closing date.
campaign-settings-every-how-many-days-empty-none = Every how many days (empty: none)
campaign-settings-how-many-at-most-0-to = How many at most (0 to 10)
campaign-settings-invitation = Invitation
campaign-settings-invitations-and-reminders-go-out-only = Invitations and reminders go out only in these hours, the campaign's local time: 08:00-17:00, or 08:00-17:00 mon-fri for weekdays. Empty: any time. Thank-you messages always go at once.
campaign-settings-mail-texts = Mail texts
campaign-settings-manage = Manage
campaign-settings-ministry-of-example = Ministry of Example
campaign-settings-not-found = Not found
campaign-settings-nothing-changed = Nothing changed.
campaign-settings-opt-out = OPT-OUT
campaign-settings-own-text = own text
campaign-settings-personal-link = PERSONAL-LINK
campaign-settings-placeholders-replaced-when-sending-the-invitation = Placeholders replaced when sending; the invitation and the reminder must hold {"{"}{"{"}link{"}"}{"}"}, and every message {"{"}{"{"}optout_link{"}"}{"}"}:
campaign-settings-preview = Preview
campaign-settings-reminder = Reminder
campaign-settings-reminders = Reminders
campaign-settings-save-the-settings = Save the settings
campaign-settings-sending-window = Sending window
campaign-settings-settings = Settings
campaign-settings-settings-saved = Settings saved.
campaign-settings-subject = Subject
campaign-settings-text = Text
campaign-settings-thank-you = Thank-you
campaign-settings-the-campaign-is-closed-or-archived = The campaign is closed or archived: its settings no longer change.

## console

console-audit-log = Audit log
console-auth-at-least-12-characters-other-open = At least 12 characters. Other open sessions are closed.
console-auth-choose-your-password = Choose your password
console-auth-current-password-or-the-one-time = Current password (or the one-time one)
console-auth-new-password = New password
console-auth-password = Password
console-auth-repeat-it = Repeat it
console-auth-save = Save
console-auth-sign-in = Sign in
console-auth-sign-in-to-the-console = Sign in to the console
console-auth-the-current-password-is-not-right = The current password is not right.
console-auth-the-session-expired = The session expired.
console-auth-the-session-expired-try-again = The session expired: try again.
console-auth-too-many-attempts-wait-a-minute = Too many attempts: wait a minute.
console-auth-use-at-least-12-characters-the = Use at least 12 characters, the same in both fields.
console-auth-user-name = User name
console-auth-wrong-user-name-or-password = Wrong user name or password.
console-auth-your-password-changed-and-your-sessions = Your password changed and your sessions ended: sign in with the new one.
console-campaigns = Campaigns
console-manage-questionnaires-campaigns-participants-mailings = Manage: questionnaires, campaigns, participants, mailings
console-no-campaign-yet-dra-campaign-create = No campaign yet: dra campaign create …
console-not-allowed = Not allowed
console-sign-out = Sign out
console-users-and-tokens = Users and tokens

## form

form-intro-how-long-it-takes = How long it takes
form-intro-i-agree-start = I agree, start
form-intro-i-do-not-agree = I do not agree
form-intro-if-you-change-your-mind-open = If you change your mind, open the link again while the consultation is open.
form-intro-if-you-do-not-wish-to = If you do not wish to receive more messages about this consultation, use the last link of the invitation.
form-intro-if-you-want-to-stop = If you want to stop
form-intro-nothing-of-yours-was-stored-no = Nothing of yours was stored: no answer, not even your choice.
form-intro-start = Start
form-intro-taking-part-is-voluntary-you-can = Taking part is voluntary. You can stop at any time: nothing counts until you submit. Once submitted, your answers can no longer be traced to you, so they cannot be withdrawn.
form-intro-taking-part-is-voluntary-you-can-2 = Taking part is voluntary. You can stop at any time: nothing counts until you submit. To withdraw a response already submitted, write to whoever invited you: it is excluded from every result.
form-intro-the-team-that-runs-the-consultation = The team that runs the consultation can see your response to look after the quality of the data.
form-intro-who-sees-your-answers = Who sees your answers
form-intro-you-chose-not-to-take-part = You chose not to take part
form-intro-your-answers-are-not-linked-to = Your answers are not linked to your name or address: only your group is kept.
form-intro-your-consent = Your consent
form-page-answer-again-another-person-on-this = Answer again (another person on this device)
form-page-change-my-answers = Change my answers
form-page-prefer-to-answer-on-paper-print = Prefer to answer on paper? Print the questionnaire (PDF)
form-page-see-the-answers-you-submitted = See the answers you submitted
form-page-thank-you-for-taking-part = Thank you for taking part!
form-page-the-consultation-is-closed = The consultation is closed
form-page-the-consultation-is-not-open-yet = The consultation is not open yet.
form-page-the-consultation-opens-on = The consultation opens on
form-page-we-have-received-your-answers-results = We have received your answers. Results are published by group, never individually.
form-page-you-can-change-your-answers-until = You can change your answers until
form-page-your-answers-were-already-submitted = Your answers were already submitted
form-review-change = Change
form-review-language = Language
form-review-not-answered = Not answered
form-review-page = page
form-review-review-your-answers-before-you-submit = Review your answers before you submit
form-review-submit-answers = Submit answers
form-save-this-submission-was-not-stored-open = This submission was not stored. Open your link again to see what is stored.
form-save-too-many-submissions = Too many submissions
form-save-wait-a-minute-and-try-again = Wait a minute and try again.
form-save-your-answers-changed-in-another-window = Your answers changed in another window

## pages

pages-link-not-found = Link not found
pages-this-link-does-not-belong-to = This link does not belong to any consultation. Check that you copied all of it from your email.

## participants

participants-bounce = Bounce
participants-bounced = bounced
participants-corrected = — corrected.
participants-email = Email
participants-invitation-queued-again-the-same-link = — invitation queued again (the same link).
participants-invited = invited
participants-invited-2 = Invited
participants-name-empty-clears-it = Name (empty clears it)
participants-no-participant-matches = No participant matches.
participants-not-invited = not invited
participants-opened = opened
participants-opened-2 = Opened
participants-organisation-empty-clears-it = Organisation (empty clears it)
participants-participants = Participants
participants-progress = Progress
participants-queued = queued
participants-save-the-correction = Save the correction
participants-search-email-name-or-organisation = Search (email, name or organisation)
participants-send-the-invitation-again = Send the invitation again
participants-started = started
participants-started-2 = Started
participants-submitted = submitted
participants-submitted-2 = Submitted
participants-their-personal-link-keeps-working-mail = Their personal link keeps working; mail still queued goes to the corrected address. The group does not change once they started answering.

## respond

respond-do-you-want-to-stop-receiving = Do you want to stop receiving invitations and reminders for these consultations?
respond-done-we-will-send-you-no = Done: we will send you no more messages about these consultations.
respond-stop-receiving-messages = Stop receiving messages
respond-yes-send-me-no-more-messages = Yes, send me no more messages

## response

response-answers-as-given = Answers, as given
response-change-in-progress = Change in progress
response-exclude-from-the-figures = Exclude from the figures
response-exclude-this-response = Exclude this response
response-excluded = Excluded
response-excluded-by = Excluded by
response-excluded-it-leaves-every-figure-and = — excluded: it leaves every figure and export.
response-for-example-test-duplicate-it-appears = For example: test, duplicate. It appears in the report's method annex: no names or addresses. The response leaves every figure and export; the respondent still sees it as submitted.
response-last-change = Last change
response-not-found = Not found
response-not-submitted-yet-it-counts-in = Not submitted yet: it counts in no figure, there is nothing to exclude.
response-note-for-the-audit-log-optional = Note for the audit log (optional)
response-origin = Origin
response-participant = Participant
response-reason = Reason
response-reason-required = Reason (required)
response-response = Response
response-restore = Restore
response-restore-this-response = Restore this response
response-restored-it-counts-again = — restored: it counts again.
response-started = Started
response-submitted = Submitted
response-the-respondent-saved-changes-without-submitting = the respondent saved changes without submitting them: the submitted answers are shown

## responses

responses-all = all
responses-draft = draft
responses-excluded = excluded
responses-filter = Filter
responses-form = form
responses-group = Group
responses-next = next →
responses-no-response-matches = No response matches.
responses-odk-kobo-offline = ODK/Kobo (offline)
responses-paper = paper
responses-personal-link = personal link
responses-previous = ← previous
responses-public-link = public link
responses-responses = Responses
responses-responses-by-group = Responses by group
responses-search-email-name-no = Search (email, name, no.)
responses-status = Status
responses-submitted = submitted

## form (the respondent's pages)

form-page-of = Page { $page } of { $pages }
form-previous = Previous
form-next = Save and continue
form-save = Save
form-submit = Submit answers
form-review = Review and submit
form-required = required
form-fix-these = { $n ->
    [one] 1 answer needs your attention:
   *[other] { $n } answers need your attention:
}
form-language = Language
form-choose = — Choose —
form-saved = Your answers are saved.
form-progress = Progress
form-closed-on = “{ $campaign }” closed on { $when }. Answers are no longer accepted.
form-already-submitted-on = Your answers were already submitted on { $when }. This new submission was not stored: the first one counts, and this consultation does not take changes.
welcome-pages-range = { $from } to { $to }
welcome-time-personal = About { $minutes } minutes, on { $pages } pages. Your answers are saved on every page: you can stop and go on later with the same link, on this or another device.
welcome-time-public = About { $minutes } minutes, on { $pages } pages. Your answers are saved on every page: you can stop and go on later in this same browser.
welcome-published-per-group = Results are published only as figures per group, and only for groups of at least { $min } responses. No individual answer appears in a report or a download.
review-answered-of = You answered { $answered } of { $total } questions.
review-optional-left = { $n ->
    [one] 1 optional question is unanswered: you can submit as it is or answer it.
   *[other] { $n } optional questions are unanswered: you can submit as they are or answer them.
}
review-required-missing = { $n ->
    [one] 1 required answer is missing:
   *[other] { $n } required answers are missing:
}

## console, reports, conditions (converted)

accounts-created = created
accounts-expires = expires
accounts-id = id
accounts-last-sign-in-utc = last sign-in (UTC)
accounts-last-used = last used
accounts-owner = owner
accounts-revoked = revoked
accounts-role-2 = role
accounts-state = state
accounts-user = user
console-bounced = bounced
console-excluded = excluded
console-from = from
console-group = group
console-invited = invited
console-on = on
console-opened = opened
console-opted-out = opted out
console-rate = rate
console-started = started
console-submitted = submitted
console-what = what
console-when-utc = when (UTC)
console-who = who
manage-anonymous-a-response-keeps-no-link = Anonymous (a response keeps no link to who answered)
manage-check-and-store = Check and store
manage-close = Close
manage-closes-on-yyyy-mm-dd = Closes on (YYYY-MM-DD)
manage-create-as-draft = Create (as draft)
manage-definition-json-schema-with-x-dra = Definition (JSON Schema with x-dra): choose the file
manage-import = Import
manage-manage-campaigns = Manage campaigns
manage-name = Name
manage-new-campaign = New campaign
manage-open = Open
manage-or-paste-its-content = … or paste its content
manage-or-paste-the-rows = … or paste the rows
manage-participants-csv-email-name-organisation-group = Participants (CSV: email,name,organisation,group,language): choose the file
manage-participants-search-correct-send-again = Participants: search, correct, send again
manage-public-link-for-citizens = Public link for citizens
manage-public-link-several-responses-from-one = Public link: several responses from one device (shared computers)
manage-questionnaire-id = Questionnaire (id)
manage-questionnaires = Questionnaires
manage-remind-every-n-days = Remind every N days
manage-send-invitations = Send invitations
manage-send-reminders = Send reminders
manage-settings-closing-reminders-sending-hours-and = Settings: closing, reminders, sending hours and mail texts
manage-short-name-lower-case-letters-digits = Short name (lower-case letters, digits, dashes)
manage-utc-offset-guatemala-06-00 = UTC offset (Guatemala: -06:00)
participants-email-2 = email
participants-name = name
participants-organisation = organisation
participants-progress-2 = progress
participants-text = {""}
questionnaire-form-no = Form no.
questionnaire-page = Page
questionnaire-required = required
questionnaire-write-here = Write here:
questionnaire-you-may-tick-several = you may tick several
respondent-the-answers-are-too-long-to = The answers are too long to store: shorten this text.
responses-drafts = drafts
responses-language = language
responses-no = no.
responses-origin = origin
responses-participant = participant
responses-status-2 = status
responses-submitted-counted = submitted (counted)
words-and = {" "}and{" "}
words-or = {" "}or{" "}
decimal-separator = .
words-quoted = “{ $text }”
words-is = { $question } is { $value }
words-ticked = { $value } is ticked in { $question }
words-answered = { $question } is answered
words-greater = is more than
words-at-least = is at least
words-less = is less than
words-at-most = is at most
words-not = it is not so that { $condition }
questionnaire-question-number = question { $n }
questionnaire-answer-only-if = Answer only if { $condition }.
questionnaire-intro = Tick one box per question unless told otherwise. If you do not know a topic, tick "Don't know". The small number next to each box is what is typed in when the form is entered.
console-responses-page-summary = { $matching } of { $total } responses · page { $page } of { $pages }
console-participants-page-summary = { $matching } of { $total } participants · page { $page } of { $pages }
answer-number-between = Enter a number between { $min } and { $max }.
answer-text-too-long = The text is too long: { $max } characters at most.

## answers

answer-choose-one-of-the-options = Choose one of the options.
answer-choose-only-among-the-options-given = Choose only among the options given.
answer-enter-a-number-for-example-12 = Enter a number, for example 12 or 3.5.
answer-this-answer-is-not-valid = This answer is not valid.
answer-this-question-does-not-apply-given = This question does not apply given the earlier answers: leave it unanswered.
answer-this-question-is-required = This question is required.
answer-this-text-is-not-valid = This text is not valid.

## method notes (analysis and report)

method-pillar-by-subpillars = weighted mean of its sub-pillar scores (sub-pillar weights)
method-pillar-by-items = weighted mean of its answered items (item weights)
method-overall-equal-groups = each published group weighs equally (mean of group means)
method-overall-population = groups weighted by population share (post-stratification), Kish effective n
method-stage-scale = Options map to the stage scale 1..S by rank; reverse items are flipped first.
method-dont-know-apart = "Don't know" and "not applicable" never enter a mean; they are counted and shown apart.
method-subpillar-score = Sub-pillar score of a respondent: weighted mean of their answered items (item weights).
method-pillar-score = Pillar score of a respondent: { $pillar }, only where at least { $coverage }% of the pillar's items were answered.
method-overall = Overall: { $overall }; computed over published groups only.
method-spread = SD: sample (n − 1). Median and quartiles: type 7 (numpy/pandas). 95% CI: mean ± t(0.975, n − 1)·s/√n.
method-suppression = Cells with fewer than { $min } respondents are suppressed; in disaggregated rows a second cell is hidden when only one would be; cross-group figures use published cells only.
method-gap = Gap: public sector minus all other published groups, Welch 95% CI; flagged when the CI excludes 0 and the gap is at least the threshold.
method-group-differences = Group differences: Kruskal-Wallis H with tie correction, chi-squared p-value.
method-reliability = Reliability: Cronbach's α on complete cases (all respondents), Feldt 95% CI, α if item deleted.
method-not-asked = A question the survey asks only under a condition (on earlier answers) and did not ask a respondent counts as "not applicable by design": apart from "don't know", "not applicable" and no answer; it enters neither the base of the shares nor a pillar's coverage.

## report

report-report = Digital readiness report
report-campaign = Campaign
report-country = Country
report-period = Fieldwork period
report-survey = Survey
report-respondents = Respondents (published groups)
report-generated = Generated on
report-contents = Contents
report-summary = Executive summary
report-summary_intro = Mean score per pillar on the stage scale; the table gives its 95% confidence interval.
report-stage_by_pillar = Stage by pillar
report-largest_gaps = Largest perception gaps (public sector vs. all other groups)
report-no_gaps = No gap could be computed.
report-reliability_warnings = Reliability warnings
report-no_warnings = Every scale has α ≥ 0.7.
report-alpha_low = Cronbach's α below 0.7: read this scale with care.
report-no_alpha = No Cronbach's α: too few complete responses in the published groups to compute it.
report-no_alpha_cell = † No α: the scale has a single item, or the published groups hold too few complete responses (every item answered) to compute it.
report-nothing_published = { $n } responses came in, but no figure can be published yet: no group has { $min } or more responses. Figures appear once a group reaches { $min }.
report-pillar = Pillar
report-subpillar = Sub-pillar
report-item = Item
report-group = Group
report-overall = Overall
report-n = n
report-mean = Mean
report-ci = 95% CI
report-stage = Stage
report-alpha = α
report-items = Items
report-radar_caption = Score per pillar: overall and per published group. Rings mark where each stage begins.
report-bars_caption = Mean per sub-pillar, coloured by stage; whiskers: 95% CI; n at the right.
report-distribution = Distribution of answers
report-distribution_caption = Substantive answers by score (overall); "don't know" and "not applicable" apart, as shares of everyone asked.
report-comparisons = Group comparisons
report-group_means = Mean by group
report-heatmap_caption = Each group's mean minus the overall mean, per sub-pillar.
report-below_overall = below the overall mean
report-above_overall = above
report-gap = Perception gap
report-gap_caption = Mean of the public sector vs. that of all other published groups.
report-public = Public sector
report-others = Other groups
report-difference = Difference
report-flagged = flagged gap (CI excludes 0 and size ≥ threshold)
report-kruskal = Kruskal-Wallis test across groups
report-kruskal_caption = H with tie correction; chi-squared p-value.
report-p_value = p
report-response_rates = Response rates
report-rates_caption = Responses started and submitted through personal links, over the people invited.
report-invited = Invited
report-started = Started
report-submitted = Submitted
report-rate = Rate
report-of = of
report-no_invitations = no invitations
report-reliability = Reliability
report-method = Method annex
report-comments = What respondents said
report-comments_intro = Written comments from the published groups, by pillar and question, with the writer's group and nothing else.
report-comments_more = { $n } more comments in the comments export.
report-scale = Scale
report-range = Score
report-option_scoring = Option scoring
report-options = Options (score)
report-weights = Weights
report-weight = Weight
report-group_weights = Weight of each group in the overall figure
report-exclusions = Exclusions
report-no_exclusions = No group was excluded.
report-excluded_one = 1 response excluded by the coordinators
report-excluded_many = { $n } responses excluded by the coordinators
report-excluded_more = { $n } more reasons
report-suppression = Small-cell suppression
report-suppression_rule = Cells with fewer than { $min } respondents are not published ("—"), nor is a second cell that would let them be recomputed.
report-robustness = Robustness
report-robustness_caption = Overall score of each pillar under alternative methods.
report-variant = Variant
report-reason_suppressed = suppressed cell
report-reason_no_share = no population share given
report-arithmetic = arithmetic mean
report-geometric = geometric mean
report-by_items = weighted by items
report-by_subpillars = weighted by sub-pillars
report-notes = Method notes
report-suppressed = suppressed
report-suppressed_note = —: suppressed cell (fewer than { $min } respondents, or complementary suppression).
report-dont_know = Don't know
report-not_applicable = Not applicable
report-conditional = Questions asked under a condition
report-asked_only_if = Asked only if
report-not_asked = Not applicable by design (n)
report-score = Score
report-page = Page
report-reversed = reversed
response-unanswered-not-shown = { $n ->
    [one] 1 question unanswered (not shown).
   *[other] { $n } questions unanswered (not shown).
}
upload-too-large = The form is over { $mb } MB or has too many fields: nothing was stored.
upload-malformed = The form could not be read ({ $error }): nothing was stored.
manage-choose-or-paste-a-definition = Choose or paste a definition.
manage-choose-or-paste-a-csv = Choose or paste a CSV.

## mail (the placeholders a coordinator may use: see mail::templates::PLACEHOLDERS)

mail-invitation-subject = Invitation: { $campaign }
mail-invitation-body =
    { $greeting }

    You are invited to take part in "{ $campaign }", a consultation on how ready the country is for digital transformation. Your view, as part of the "{ $group }" group, helps guide public policy decisions.

    Answering takes about 20 minutes. You can answer on your phone and in several sittings: your answers are saved on every page.

    Your personal link (please do not share it):
    { $link }

    { $close_line }

    If you do not wish to receive more messages about this consultation: { $optout_link }
mail-reminder-subject = Reminder: { $campaign }
mail-reminder-body =
    { $greeting }

    A few days ago we invited you to take part in "{ $campaign }". If you have not had the time yet, your view still counts: you can continue where you left off.

    Your personal link (please do not share it):
    { $link }

    { $close_line }

    If you do not wish to receive more messages about this consultation: { $optout_link }
mail-thank-you-subject = Thank you for taking part: { $campaign }
mail-thank-you-body =
    { $greeting }

    We have received your answers to "{ $campaign }". Thank you for your time: results are published by group, never individually.

    You can review your answers with your personal link:
    { $link }

    If you do not wish to receive more messages about this consultation: { $optout_link }
mail-greeting-named = Dear { $name },
mail-greeting = Dear participant,
mail-close-line = The consultation closes on { $date }.
campaign-settings-names = The campaign's name in its other languages
campaign-settings-names-help = Shown to respondents and in mails and reports in that language; empty: the name in the default language,
manage-survey-stored = stored { $survey } { $version } as #{ $id }
manage-survey-already-stored = { $survey } { $version } was already stored as #{ $id }
manage-campaign-created = campaign “{ $slug }” created (draft)
manage-line = line
manage-rows-imported = { $rows ->
    [one] 1 row imported
   *[other] { $rows } rows imported
} (new: { $added }, updated: { $updated }, unchanged: { $unchanged }); refused: { $refused }
manage-opened = opened
manage-closed = closed
manage-archived = archived
manage-made-a-draft = made a draft
manage-messages-queued = { $slug }: { $n ->
    [one] 1 message queued
   *[other] { $n } messages queued
}; the mail worker sends them
manage-responses-view-exclude-restore = Responses: view, exclude, restore

## command line (messages to coordinators, in DRA_LANG)

cli-participants-imported = { $rows ->
    [one] 1 row imported
   *[other] { $rows } rows imported
} into "{ $slug }" ({ $added } new, { $updated } updated, { $unchanged } unchanged); { $refused ->
    [one] 1 row refused
   *[other] { $refused } rows refused
}
cli-invitations-queued = { $n ->
    [one] 1 invitation queued
   *[other] { $n } invitations queued
}: the mail worker of `dra serve` delivers them, or run `dra mail send` (it uses the mail settings of the shell it runs in)
cli-reminders-queued = { $n ->
    [one] 1 reminder queued
   *[other] { $n } reminders queued
}: the mail worker of `dra serve` delivers them, or run `dra mail send` (it uses the mail settings of the shell it runs in)
cli-mail-sent = mail via { $transport }: { $thanks } thank-you(s) and { $reminders } reminder(s) queued; { $sent } sent, { $retried } to retry later, { $bounced } bounced, { $failed } given up
cli-paper-nothing-imported = nothing imported: { $problems } of { $rows } rows have problems; fix them and import the file again
cli-paper-imported = imported { $n } paper forms into "{ $slug }" ({ $added } new, { $replaced } replaced) in { $seconds } s
cli-odk-nothing-imported = nothing imported: { $problems } of { $rows } submissions have problems; fix them and import the file again
cli-odk-imported = imported { $n } ODK submissions into "{ $slug }" ({ $added } new, { $replaced } replaced, { $unchanged } unchanged{ $rejected ->
    [0] {""}
   *[other] ; { $rejected } rejected on the server, skipped
})
stats-not-asked = not asked (by design)
responses-total = total

## indices (console)

index-console-a-second-person-confirms-or-disputes = A second person confirms or disputes each score; a dispute is resolved with a reason (and the agreed value if it changes).
index-console-action = Action
index-console-agreed-value = Agreed value
index-console-confirm = Confirm
index-console-console = Console
index-console-dispute = Dispute
index-console-dot-the-index-rank-diamond-and = Dot: the index rank. Diamond and bar: median rank and the 5% to 95% interval of the uncertainty analysis.
index-console-downloads = Downloads
index-console-evaluator = Evaluator
index-console-evidence = Evidence
index-console-evidence-document-file-name = Evidence document (file name)
index-console-evidence-url = Evidence URL
index-console-give-a-number = give a number
index-console-give-a-whole-number = give a whole number
index-console-index = Index
index-console-indicator = Indicator
index-console-indicators-by-institution = Indicators by institution
index-console-indices = Indices
index-console-indices-of-institutions = Indices of institutions
index-console-institution = Institution
index-console-median-rank-5-95 = Median rank [5%–95%]
index-console-no-index-yet-dra-index-create = No index yet: dra index create --slug … --framework …
index-console-note = Note
index-console-rank = Rank
index-console-compare-earlier = { $n ->
    [one] Compare with the earlier edition
   *[other] Compare with the { $n } earlier editions
}
index-console-ranking = Ranking
index-console-record = Record
index-console-resolve = Resolve
index-console-review = Review
index-console-save-the-score = Save the score
index-console-saved = — saved.
index-console-score-an-indicator = Score an indicator
index-console-scorecard = Scorecard
index-console-scores = scores
index-console-scores-and-review = Scores and review
index-console-scores-evidence-and-review = Scores, evidence and review
index-console-value = Value
index-console-version-you-change-blank-for-a = Version you change (blank for a first score)
index-console-with-the-evidence-the-indicator-asks = With the evidence the indicator asks for. To change a score of yours, give the version you read (v in the list).

## indices

annex-document = document
annex-none = none
annex-url-or-document = URL or document
model-goalposts = goalposts
texts-confirmed = confirmed
texts-disputed = disputed
texts-not-reviewed = not reviewed
texts-resolved = resolved

## indices: the method annex

index-annex-monte-carlo = Monte Carlo of { $runs } runs, seed { $seed } (SplitMix64); in each: normalisation among [{ $normalisations }], aggregation (both levels) among [{ $aggregations }], { $indicators }, and every weight multiplied by a factor uniform in [1 − { $r }, 1 + { $r }]; median rank and 5% to 95% interval (type 7 quantiles)
index-annex-one-left-out = one indicator left out or none
index-annex-every-indicator = every indicator
index-annex-without = without “{ $name }”

## indices (annex, converted)

annex-a0-institutions-assessed-ranked-ranked-a1 = { $a0 } institutions assessed, { $ranked } ranked; { $a1 } indicators in { $a2 } pillars
annex-a0-institutions-ranked-normalisation-a1-aggregation = { $a0 } institutions ranked; normalisation { $a1 }, aggregation { $a2 }/{ $a3 }, imputation { $a4 }. The reference is the mean of the institutions in the top quarter; the gap, the reference minus the normalised score.
annex-a0-not-reviewed-a1-confirmed-a2 = { $a0 } not reviewed, { $a1 } confirmed, { $a2 } disputed, { $a3 } resolved
annex-aggregation-indicators-pillar = Aggregation: indicators → pillar
annex-aggregation-pillars-index = Aggregation: pillars → index
annex-agreement = Agreement
annex-an-indicator-where-lower-is-better = an indicator where lower is better is turned round after normalising (100 − v, or −z)
annex-an-institution-is-ranked-when-it = an institution is ranked when it has at least { $a0 } of the indicators scored
annex-another-aggregation = another aggregation
annex-another-normalisation = another normalisation
annex-direction = Direction
annex-equal-each-indicator-in-its-pillar = equal: each indicator in its pillar and each pillar in the index
annex-framework = Framework
annex-geometric-shift = Geometric shift
annex-goalposts-100-x-low-high-low = goalposts: 100·(x − low)/(high − low) clipped to [0, 100], with each indicator's goalposts
annex-imputation = Imputation
annex-indices-equal-to-9-decimals-share = indices equal to 9 decimals share the highest rank (1, 2, 2, 4)
annex-indices-equal-to-9-decimals-share-2 = indices equal to 9 decimals share the mean rank (1, 2.5, 2.5, 4)
annex-min-max-100-x-min-max = min-max: 100·(x − min)/(max − min) over the ranked institutions (50 when all are equal)
annex-missing-data = Missing data
annex-none-each-level-aggregates-what-it = none: each level aggregates what it has, weights rescaled
annex-normalisation = Normalisation
annex-one-indicator-left-out-each = one indicator left out (each)
annex-only-scores-confirmed-or-resolved-in = only scores confirmed or resolved in review
annex-per-institution-and-indicator-the-one = per institution and indicator, the one last confirmed or resolved in review; when none is, the first one stored
annex-pillars-and-indicators-as-the-framework = pillars and indicators as the framework says
annex-pillars-as-the-framework-says-indicators = pillars as the framework says; indicators equal within their pillar
annex-s-1-min-0-smallest-normalised = s = 1 − min(0, smallest normalised value) = { $a0 }
annex-score-that-counts = Score that counts
annex-the-indicator-s-mean-over-the = the indicator's mean over the ranked institutions, before normalising
annex-the-indicator-s-median-over-the = the indicator's median over the ranked institutions, before normalising
annex-ties = Ties
annex-uncertainty = Uncertainty
annex-units = Units
annex-weighted-arithmetic-mean-compensatory = weighted arithmetic mean (compensatory)
annex-weighted-cohen-s-kappa-linear-and = weighted Cohen's kappa (linear and quadratic) of the first two evaluators by name; Krippendorff's alpha, ordinal, of all; values by their position on the scale
annex-weighted-geometric-mean-partly-compensatory-of = weighted geometric mean (partly compensatory) of the values shifted by s: exp(Σw·ln(v + s)/Σw) − s
annex-weights = Weights
annex-weights-perturbed = weights perturbed
annex-without-name = without “{ $name }”
annex-z-score-x-mean-sd-sample = z-score: (x − mean)/sd, sample sd (n − 1); 0 when all are equal

## indices: report and scorecards

index-text-rank = Rank
index-text-institution = Institution
index-text-sector = Sector
index-text-index = Index
index-text-interval = Median rank [5%–95%]
index-text-not_ranked = not ranked
index-text-ranking = Ranking
index-text-ranking_caption = Dot: the index rank. Diamond: median rank, and bar: the 5% to 95% interval of the uncertainty analysis.
index-text-heatmap = Indicators by institution
index-text-heatmap_caption = Normalised score of each indicator; darker is better. Hatched: not scored.
index-text-axis_rank = Rank (1 = best)
index-text-headline_rank = Index rank
index-text-median_rank = Median rank
index-text-interval_5_95 = 5%–95% interval
index-text-missing = Not scored
index-text-worst = worst
index-text-best = best
index-text-best_score = Best
index-text-sensitivity = Sensitivity
index-text-sensitivity_intro = How much the ranks move when a single choice of the method varies (mean and largest absolute change).
index-text-choice = Choice
index-text-mean_shift = Mean change
index-text-max_shift = Largest change
index-text-agreement = Agreement between evaluators
index-text-agreement_intro = Weighted Cohen's kappa (first two evaluators) and Krippendorff's alpha, ordinal (all), over the indicators with an ordinal scale.
index-text-evaluators = Evaluators
index-text-kappa_linear = Weighted kappa, linear
index-text-kappa_quadratic = Weighted kappa, quadratic
index-text-alpha = Krippendorff's alpha (ordinal)
index-text-disputed = Disputed scores
index-text-no_disputes = None: the evaluators agree.
index-text-indicator = Indicator
index-text-scores = Scores
index-text-framework = Indicator framework
index-text-method = Method annex
index-text-pillar = Pillar
index-text-weight = Weight
index-text-scale = Scale
index-text-direction = Direction
index-text-evidence = Evidence
index-text-higher_better = higher is better
index-text-lower_better = lower is better
index-text-score = Score
index-text-normalised = Normalised
index-text-reference = Reference
index-text-gap = Gap
index-text-status = Review
index-text-improve_first = What to improve first
index-text-improve_intro = The indicators with the largest gap to the best performers (the top quarter of the ranking).
index-text-nothing_to_improve = No indicator below the best performers.
index-text-of = of
index-text-generated = Generated
index-text-page = Page
index-text-scorecard = Institution scorecard
index-text-review_state = Review status
index-text-none = none

## console (indices)

console-indices-of-institutions-ranking-and-scorecards = Indices of institutions: ranking and scorecards

## indices: the institution's own page (/i/{token})
index-self-page-title = Self-assessment of { $institution }
index-self-page-intro = Give each indicator the value that describes { $institution } today, with the evidence it asks for. Evaluators will validate each value: only validated values count in the index. Indicators left unanswered stay as they are; you may come back with the same link.
index-self-page-value = Value
index-self-page-range = A number from { $min } to { $max } ({ $unit }).
index-self-page-not-answered = Not answered yet
index-self-page-evidence-url = Evidence: web address (URL)
index-self-page-note = Note for the evaluators
index-self-page-save = Save the self-assessment
index-self-page-saved = Saved. Evaluators will validate each value.
index-self-page-saved-value = Saved now: { $value } ({ $status }).
index-self-page-fix = Nothing was stored. Check the following; what you wrote is kept:
index-self-page-conflict = This self-assessment changed since you opened the page (another save, or an evaluator's review): nothing of yours was stored. The page now shows what is saved; check it and save again.
index-self-page-session-expired = Session expired
index-self-page-open-again = Open your link again and save again: nothing was stored.
index-self-evidence-none = Evidence: not required (a note helps the evaluators).
index-self-evidence-url = Evidence required: the address (URL) of a page that shows it.
index-self-evidence-url-or-document = Evidence required: the address (URL) of a page that shows it (evaluators may also record a document).
index-self-evidence-document = Evidence: a document. The evaluators score this indicator from the document: send it to them.
index-self-problem-not-a-number = Write a number, such as 12 or 3.5.
index-self-problem-out-of-scale = This value is not one of the indicator's levels or is outside its range.
index-self-problem-bad-url = Write a full web address, starting with https:// or http://.
index-self-problem-too-long = Use at most 2000 characters.
index-self-problem-evidence-missing = This indicator needs an evidence address (URL) with its value.
index-self-problem-no-value = Give a value for the evidence or note you wrote, or clear them.

## indices: creating an index and importing its files in the console
index-manage-title = New index and imports
index-manage-link = Create an index or import its institutions and scores
index-manage-new = New index
index-manage-new-hint = From a framework file (pillars and indicators, with their scales, weights, evidence and the method); every problem is shown with its line.
index-manage-name = Name (default: the framework's title)
index-manage-edition = Edition (such as 2026)
index-manage-framework-file = Framework (JSON, dra-index)
index-manage-create = Create the index
index-manage-created = Index { $slug } created: import its institutions, then its scores.
index-manage-choose-or-paste-a-framework = Choose or paste a framework.
index-manage-units-file = Institutions (CSV: id, name, sector, contact)
index-manage-import-units = Import the institutions
index-manage-scores-file = Scores (CSV: unit, indicator, evaluator, value, evidence_url, evidence_note, evidence_file; a row without evaluator is yours)
index-manage-import-scores = Import the scores
index-manage-all-or-nothing = A file is stored whole or not at all: every problem is listed with its line.
index-manage-open = Ranking and scores
index-manage-units-imported = institutions: { $added } added, { $updated } updated, { $unchanged } unchanged.
index-manage-scores-imported = scores: { $added } added, { $updated } updated, { $unchanged } unchanged.
index-manage-invite = Email the self-assessment links
index-manage-invite-hint = Each institution with a contact gets a personal link to assess itself (valid 60 days); its values count once an evaluator validates them.
index-manage-invited = { $slug }: self-assessment links queued for { $n } institution(s); { $without } without a contact email.

## reports: change since an earlier edition

change-title = Change since the previous edition
change-intro = Compared with {"{"}earlier{"}"}. Each difference is this edition minus the earlier one, with its Welch 95% confidence interval (independent samples); marked * when the interval excludes 0. No difference is computed where either cell is suppressed.
change-dumbbell_caption = Then → now per pillar (bold: overall) and group; in red, changes whose interval excludes 0.
change-slope_caption = Each pillar's overall score in each edition.
change-trend_caption = Each pillar's overall score across the editions; a gap is a suppressed or absent figure.
change-earlier = Earlier
change-later = Now
change-difference = Difference
change-ci = 95% CI
change-overall = Overall
change-pillars = Pillars by group
change-subpillars = Sub-pillars (overall)
change-flagged = the 95% confidence interval excludes 0
change-suppressed = suppressed or absent in an edition
change-not_compared = Questions not compared
change-all_compared = Every question is compared.
change-composition = Questions that changed in {"{"}scale{"}"}: earlier only {"{"}earlier{"}"}; now only {"{"}later{"}"}.
change-groups_differ = The editions' overall figures include different groups: {"{"}groups{"}"}.

## console: compare

console-compare-index-campaign = index
console-compare-compare = Compare
console-compare-compare-editions = Compare editions
console-compare-download = Download
console-compare-earlier-edition-one-or-more-oldest = Earlier edition (one or more, oldest first)
console-compare-item-map-json-optional = Item map (JSON, optional)
console-compare-later-edition = Later edition
change-reason-only-earlier = only in the earlier edition
change-reason-only-later = only in this edition
change-reason-dropped = dropped in the item map
change-reason-options-changed = its options changed and the map does not recode them

## contributions

console-contributions-received = Contributions received
contribute-check-the-following-what-you-wrote = Check the following; what you wrote is kept:
contribute-choose-a-topic = — Choose a topic —
contribute-every-proposal-gets-a-public-answer = Every proposal gets a public answer: whether it was incorporated, partly or not, or is out of scope, why, and where it went.
contribute-i-agree-that-my-email-address = I agree that my email address is used to send me one message with the answer to my proposal.
contribute-if-you-write-it-it-appears = If you write it, it appears with your proposal on the public page. Leave it empty to publish it without a name.
contribute-if-you-write-it-it-appears-2 = If you write it, it appears with your proposal on the public page.
contribute-it-no-longer-takes-proposals = It no longer takes proposals.
contribute-it-will-be-published-once-screened = It will be published once screened, with the answer it gets, on this consultation's proposals page: /p/{"{"}slug{"}"}/contributions
contribute-only-to-send-you-one-message = Only to send you one message when your proposal is answered. It is never published or shared, and it is deleted once that message is sent.
contribute-required = required
contribute-see-the-published-proposals-and-their = See the published proposals and their answers
contribute-send-proposal = Send proposal
contribute-send-your-proposal = Send your proposal
contribute-thank-you-we-received-your-proposal = Thank you! We received your proposal
contribute-up-to-5000-characters-it-will = Up to 5000 characters. It will be published once screened; write no one's personal data (phone numbers, addresses, ID numbers): if there are any, we hide them before publishing.
contribute-what-topic-is-your-proposal-about = What topic is your proposal about?
contribute-without-this-box-ticked-we-do = Without this box ticked we do not keep your address. You may leave both empty.
contribute-your-email-address-optional-never-published = Your email address (optional, never published)
contribute-your-name-optional-published = Your name (optional, published)
contribute-your-organisation-optional-published = Your organisation (optional, published)
contribute-your-proposal = Your proposal
contribute-your-proposal-is-number-id = Your proposal is number {"{"}id{"}"}.
contributions-console-a-section-of-the-plan-commitment = A section of the plan ("Commitment 4, milestone 2") or a document's address.
contributions-console-all = All
contributions-console-answer = Answer
contributions-console-answer-2 = Answer
contributions-console-answer-saved = answer saved
contributions-console-answered-by = Answered by
contributions-console-change-the-answer = Change the answer
contributions-console-choose-a-decision = Choose a decision.
contributions-console-choose-what-was-done-with-it = Choose what was done with it.
contributions-console-contribution = Contribution
contributions-console-contributions = Contributions
contributions-console-decision = Decision
contributions-console-edited = edited
contributions-console-filter-by-status = Filter by status
contributions-console-message-queued = message queued
contributions-console-no = no
contributions-console-no-contribution-here = No contribution here.
contributions-console-note-on-the-edit = Note on the edit
contributions-console-note-on-the-edit-what-was = Note on the edit: what was hidden (when editing)
contributions-console-number = Number
contributions-console-original-text-for-the-audit-only = Original text (for the audit only, not published)
contributions-console-publish-as-it-is = Publish as it is
contributions-console-publish-with-personal-data-hidden-the = Publish with personal data hidden (the edited text below is published)
contributions-console-published-name = Published name
contributions-console-published-organisation = Published organisation
contributions-console-published-text = Published text
contributions-console-reason-for-rejecting-when-rejecting = Reason for rejecting (when rejecting)
contributions-console-reason-for-rejection = Reason for rejection
contributions-console-received = Received
contributions-console-reject-as-spam-or-abuse = Reject as spam or abuse
contributions-console-replace-what-is-personal-third-parties = Replace what is personal (third parties' names, phone numbers, addresses) with [personal data hidden]. The original is kept for the audit only.
contributions-console-save-the-answer = Save the answer
contributions-console-save-the-decision = Save the decision
contributions-console-screen = Screen
contributions-console-screened = Screened
contributions-console-screened-by = Screened by
contributions-console-start-of-the-text = Start of the text
contributions-console-taking-contributions-topics = Taking contributions: topics
contributions-console-text-to-publish-only-when-hiding = Text to publish (only when hiding personal data)
contributions-console-the-campaign-takes-contributions-on-n = The campaign takes contributions on {"{"}n{"}"} topics.
contributions-console-the-campaign-takes-no-contributions-now = The campaign takes no contributions now.
contributions-console-the-public-page = The public page
contributions-console-the-version-is-missing-open-the = The version is missing: open the contribution again.
contributions-console-through = Through
contributions-console-topic = Topic
contributions-console-wants-the-answer-by-email = Wants the answer by email
contributions-console-what-was-done-with-it = What was done with it
contributions-console-where-it-went = Where it went
contributions-console-where-it-went-optional = Where it went (optional)
contributions-console-why-required = Why (required)
contributions-console-yes-the-address-is-not-shown = yes (the address is not shown)
contributions-public-each-proposal-is-published-once-screened = Each proposal is published once screened for spam and abuse; where it held personal data, it is published edited. Rejected ones and those not screened yet are only counted.
contributions-public-from = From
contributions-public-how-many-and-what-was-done = How many, and what was done with them
contributions-public-its-description-data-package-json = Its description (Data Package, JSON)
contributions-public-no-proposal-has-been-published-yet = No proposal has been published yet.
contributions-public-open-data = Open data
contributions-public-proposals-received-and-their-answers = Proposals received and their answers
contributions-public-published = Published
contributions-public-published-proposals-by-topic-and-answer = Published proposals by topic and answer
contributions-public-received = Received
contributions-public-received-on = Received on
contributions-public-rejected-spam-or-abuse = Rejected (spam or abuse)
contributions-public-send-a-proposal = Send a proposal
contributions-public-text-edited-to-hide-personal-data = Text edited to hide personal data.
contributions-public-the-published-proposals = The published proposals
contributions-public-the-published-proposals-and-their-answers = The published proposals and their answers (CSV)
contributions-public-to-be-screened = To be screened
contributions-public-total = Total
contributions-public-what-we-heard-and-what-we = What we heard and what we did (PDF)
contributions-settings-code-nombre-en-espa-ol-name = code | nombre en español | name in English — for example: health | Salud digital | Digital health
contributions-settings-take-contributions-on-the-public-link = Take contributions on the public link and the personal links
contributions-settings-taking-contributions = Taking contributions
contributions-settings-topics-one-a-line = Topics, one a line

## contributions (record, mail, labels)

contribution-mail-an-answer-to-your-contribution-campaign = An answer to your contribution: {"{"}campaign{"}"}
contribution-mail-answer-answer = Answer: {"{"}answer{"}"}
contribution-mail-every-published-contribution-and-its-answer = Every published contribution and its answer: {"{"}page{"}"}
contribution-mail-reason-reason = Reason: {"{"}reason{"}"}
contribution-mail-thank-you-for-your-contribution-to = Thank you for your contribution to “{"{"}campaign{"}"}” on “{"{"}topic{"}"}”.
contribution-mail-this-is-the-only-message-you = This is the only message you will receive about this contribution: your address has been removed from it.
contribution-mail-where-it-went-ref = Where it went: {"{"}ref{"}"}
contribution-record-annex-every-published-contribution = Annex: every published contribution
contribution-record-edited-to-hide-personal-data = (edited to hide personal data)
contribution-record-no-contribution-has-been-published-yet = No contribution has been published yet.
contribution-record-published = Published
contribution-record-published-contributions-by-topic-and-answer = Published contributions by topic and answer
contribution-record-received = Received
contribution-record-received-on = Received on
contribution-record-rejected-spam-or-abuse = Rejected (spam or abuse)
contribution-record-this-report-accounts-for-every-contribution = This report accounts for every contribution received in the public consultation and for what was done with it. Contributions are published once screened for spam and abuse; where they held personal data, they are published edited. The figures count every contribution received; the full list of the published ones, with their answers, is in the annex.
contribution-record-what-we-heard-and-what-we = What we heard and what we did
mod-awaiting-an-answer = Awaiting an answer
mod-incorporated = Incorporated
mod-not-incorporated = Not incorporated
mod-out-of-scope = Out of scope
mod-partly-incorporated = Partly incorporated
mod-published = Published
mod-rejected = Rejected

## contributions (form problems)

contribution-form-choose-a-topic-from-the-list = Choose a topic from the list.
contribution-form-the-text-holds-characters-that-are = The text holds characters that are not valid.
contribution-form-this-email-address-is-not-valid = This email address is not valid: check it or leave it empty.
contribution-form-tick-the-box-for-us-to = Tick the box for us to write to you, or leave the email empty.
contribution-form-use-at-most-160-characters = Use at most 160 characters.
contribution-form-write-the-address-we-should-send = Write the address we should send the answer to.
contribution-form-write-your-proposal = Write your proposal.
contribution-form-your-proposal-is-over-5000-characters = Your proposal is over 5000 characters: shorten it.

## Self-assessment of institutions (issue 17)
index-self-annex-rule = an institution's self-assessment counts only once an evaluator confirmed or resolved it
index-self-evaluator = self-assessment by the institution (to validate)
index-self-mail-subject = { $index }: your institution's self-assessment
index-self-mail-body = Hello,

    { $institution } is invited to assess itself for { $index } before the evaluators review it.
    Open your personal link, give each indicator its value with the evidence (an address) and a note, and save:

    { $link }

    The link is personal to your institution and works until { $expires }. Evaluators will validate each value: only validated values count in the index.

## Comparing editions of an index
compare-mixed-kinds = "{ $survey }" is a survey campaign and "{ $index }" an index campaign: editions are compared within one kind (all survey campaigns or all index campaigns)
compare-no-such-index-edition = no index campaign "{ $survey }" to compare with the index campaign "{ $index }" (see dra index list)
compare-no-earlier-index-edition = "{ $index }" has no earlier index campaign on the same framework: name one with from=
index-change-title = Change since { $edition }
index-change-intro = Each institution's index score and rank in { $from } and in { $to }, and the change (later − earlier; a negative rank change is a move up). Each edition's 5–95 % rank interval comes from its own uncertainty analysis; a rank change is beyond the intervals (*) when the two intervals do not overlap. Institutions are matched by their id; those assessed in one edition only are listed apart, never compared.
index-change-score-in = Score { $edition }
index-change-rank-in = Rank { $edition }
index-change-interval-in = 5–95 % { $edition }
index-change-change = Change
index-change-beyond = Beyond the intervals
index-change-yes = yes
index-change-no = no
index-change-only-in = Assessed in { $edition } only
index-change-none = None.
index-change-beyond-legend = rank moved beyond both 5–95 % intervals
index-change-missing = no score in both editions
index-change-dumbbell-caption = Index score of each institution in { $from } (circle) and { $to } (diamond), in the order of the { $to } ranking. * The rank moved beyond both editions' 5–95 % rank intervals.
index-change-trend-title = Trend over { $n } editions
index-change-trend-caption = Index score per edition of the { $shown } institutions ranked best in { $edition }; a missing point: not assessed in that edition. The table lists every institution.
index-change-net = Net change
index-change-slope = Slope per edition
index-change-cell-note = Each cell: score (rank); — not assessed in that edition. Net change: the last score minus the first; slope: least-squares change of the score per edition.
