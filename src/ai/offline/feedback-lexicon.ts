// The words and phrases that decide feedback polarity around wink's lexicon (comment-polarity.ts
// combines them). Grammar words first (negators, boosters, contrasts), then the supplement: the
// vocabulary of support feedback that a general lexicon reads wrong. Each entry is there for a
// kind of comment that the labelled sets (test/fixtures/eval) showed wrong without it.

export const negators = new Set([
  "not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "without", "hardly", "barely", "unable", "failed", "fails",
  // "less stressed", "less helpful than last time": less of something is its opposite.
  "less",
]); // prettier-ignore
export const boosters = new Set([
  "really", "very", "so", "too", "extremely", "absolutely", "totally", "completely", "incredibly", "super",
  "truly", "utterly", "highly", "seriously", "exceptionally", "particularly", "insanely", "terribly", "awfully", "pretty",
]); // prettier-ignore
/** Boosters that add nothing to the word they qualify: "pretty good" is good, no better ("pretty" alone is no verdict). */
export const plainBoosters = new Set(["pretty"]);
export const downtoners = new Set(["slightly", "fairly", "rather", "mostly", "kinda", "reasonably"]);
/** Words that end a negation's or a booster's reach. */
export const clauseBreaks = new Set(["and", "but", "or", "though", "although", "however", "yet"]);
export const contrasts = new Set(["but", "however", "though", "although", "except"]);

/** Acceptable, no more: "ok" scores like "good" in the lexicon, yet "it was ok" is lukewarm. Negated ("not ok") they are negative. */
export const lukewarm = new Set([
  "ok",
  "okay",
  "k",
  "fine",
  "alright",
  "decent",
  "average",
  "acceptable",
  "meh",
  "mediocre",
  "usable",
  "fair",
  "enough",
]);
/** What the conversation was about, not how it went ("solved my problem", "the worst support"); negated ("no problems") they are praise. */
export const topics = new Map([
  ["support", 0], ["service", 0], ["problem", -0.5], ["problems", -0.5], ["issue", -0.5], ["issues", -0.5],
  ["complaint", -0.5], ["complaints", -0.5], ["complain", -0.5], ["hassle", -0.5], ["clash", -0.5],
  ["lost", 0], ["missing", 0], ["damaged", 0], ["stolen", 0], ["delayed", 0],
]); // prettier-ignore
/** Only their failure says something: "it found my booking" is neutral, "couldn't find my order" is not. */
export const failures = new Set(["get", "gets", "got", "turn", "turned", "show", "showed", "work", "works", "worked", "solve", "fix", "know", "knew", "needed", "answer", "answered", "find", "found", "understand", "understood", "respond", "responded", "reply", "replied", "load", "loaded", "help", "exist", "exists", "existed", "tell", "told", "read"]); // prettier-ignore
/** Words of support chat the lexicon lacks or underrates; flipped by negation like its own. */
export const domainScores = new Map([
  // Success and speed.
  ["solved", 0.6], ["fixed", 0.6], ["resolved", 0.6], ["sorted", 0.5], ["helped", 0.5], ["painless", 0.5],
  ["efficient", 0.5], ["quick", 0.4], ["quickly", 0.4], ["fast", 0.4], ["faster", 0.4], ["quicker", 0.4],
  ["easier", 0.4], ["simpler", 0.4], ["smoother", 0.4], ["clear", 0.4],
  // Failure, slowness, errors.
  ["useless", -0.6], ["slowest", -0.6], ["wrong", -0.5], ["incorrect", -0.5], ["outdated", -0.5], ["broken", -0.5],
  ["unreliable", -0.5], ["failed", -0.5], ["fail", -0.5], ["fault", -0.5], ["slow", -0.4], ["slower", -0.4],
  ["slowly", -0.3], ["waiting", -0.4], ["expired", -0.4], ["robotic", -0.4], ["complicated", -0.4],
  ["repetitive", -0.4], ["nowhere", -0.4], ["clunky", -0.4], ["unclear", -0.4], ["irrelevant", -0.4],
  ["stuck", -0.4], ["looping", -0.4], ["rephrase", -0.3], ["nightmare", -0.7], ["ignored", -0.5], ["ignores", -0.5],
  ["ignoring", -0.5], ["joke", -0.5], ["refunded", 0.4], ["straightforward", 0.5], ["legend", 0.6], ["lifesaver", 0.6],
  // Emojis wink's lexicon lacks or underrates.
  ["🙂", 0.5], ["😊", 0.5], ["😀", 0.5], ["😃", 0.5], ["😄", 0.5], ["👏", 0.5], ["🙏", 0.4],
  ["👎", -0.6], ["😡", -0.6], ["😠", -0.6], ["🙁", -0.5], ["☹️", -0.5], ["😞", -0.5], ["🙄", -0.5], ["🙃", -0.4],
]); // prettier-ignore
/**
 * Words with a fixed score whatever the lexicon says: thanks is politeness more than a verdict
 * (mild, so that the rating settles "thanks!"); the others are no verdict at all.
 */
export const fixedScores = new Map([
  ["sorry", 0],
  ["please", 0],
  ["thanks", 0.2],
  ["thank", 0.2],
  ["thx", 0.2],
  ["cheers", 0.2],
  ["ta", 0.2],
  // "still" is time, not calm (wink scores it +0.28): "my bill is still wrong".
  ["still", 0],
  // Laughter marks tone, not a verdict: "bot doesnt get slang at all lol".
  ["lol", 0],
  // A downtoner, not praise (wink scores it +0.69): "reasonably helpful" is lukewarm.
  ["reasonably", 0],
  // What a customer pays for insurance, not a verdict.
  ["premium", 0],
  // A slip of the finger, not a verdict: "great, oops I pressed 1".
  ["oops", 0],
  ["whoops", 0],
]);

/**
 * Irony: praise that opens a comment on its own ("oh brilliant, my repair is delayed again",
 * "great, charged twice"), or an upside-down face anywhere. With a complaint beside it, the
 * comment's praise words are read as the complaint they mock.
 */
export const ironyMarkers =
  /^((oh|wow|ah|yeah|lol|lmao|haha+|ha),? )?(just )?(great|brilliant|wonderful|lovely|fantastic|perfect|super|marvellous|terrific|awesome|amazing|excellent|fab|splendid)( stuff| job| one)?\s*[,!…]|[.!?]\s+(oh,? )?(just )?(great|brilliant|wonderful|lovely|fantastic|perfect|super|marvellous|terrific|awesome|amazing|excellent|fab|splendid)( stuff| job| one)?\s*([.!…]|$)|^oh,? (sure|nice|good|joy)\b|^wow\b[,!]|🙃|\/s$/u;

/** "Some answers were good, others not": a verdict split in two is lukewarm as a whole. */
export const mixed = /\bsome\b.*\b(some|others|other)\b/iu;
/** Whole-comment hedges: what they qualify is meant half-heartedly. */
export const hedges =
  /\b(i guess|i suppose|kind of|kinda|sort of|more or less|somewhat|reasonably|partly|partially|half(?! of\b)|\w+-ish|nothing more|no more,? no less)\b/iu;

/**
 * Phrases that no word lexicon sees, with their polarity; taken out of the text before the words
 * are read (replaced by a space, or by what the entry says: " but " where the phrase is a contrast).
 */
export const phrases: [pattern: RegExp, polarity: number, replacement?: string][] = [
  // Wishes for more name what was missing: "could be better", "should have been faster", "I expected more".
  [
    /\b(could|should|would|might)( have| of|'ve)? (be|been|do|done|work|worked|get|got) (a (lot|little|bit|tad) |much |way )?(better|improved|more \w+|\w{3,}er)( (and|or) (more \w+|\w{3,}er))?\b/giu,
    -0.4,
  ],
  [
    /\b(hoped|hoping|expected|expecting|wanted|wish|wished) (for )?(something |a bit |much |a lot )?(better|more)\b/giu,
    -0.4,
  ],
  // Relief, the mirror image: "could have been worse".
  [/\b(could|might)( have)? (be|been) (a (lot|little|bit) |much |way )?worse\b/giu, 0.4],
  // Praise by impossibility: "couldn't be happier", "couldn't have asked for better".
  [
    /\b(could|can)(n't|not| not) (have )?(be|been|ask|asked)( for)? (any |much |a lot )?(better|happier|easier|more \w+|more|\w{3,}er)\b/giu,
    0.6,
  ],
  // The other way round: "couldn't have been worse".
  [/\b(could|can)(n't|not| not) (have )?(be|been) (any |much )?worse\b/giu, -0.7],
  // Understatement: "nothing great", "nothing special" is lukewarm, not a negated compliment.
  [/\bnothing (great|special|amazing|fancy|spectacular|extraordinary|remarkable|impressive|exceptional)\b/giu, 0],
  // Fillers a lexicon scores: "honest", "fair" are not verdicts here.
  [/\b(to be honest|honestly|tbh|to be fair|in all honesty)\b/giu, 0],
  // A rating corrected in words: "(sorry, wrong star)", "meant 5 stars".
  [
    /\b(wrong|meant( to give)?( \d)?|mis-?clicked( the)?) (stars?|rating|button)\b|\b(pressed|clicked|hit|tapped|gave)( the)? (\d|wrong \w+)\b/giu,
    0,
  ],
  [/(\b(never|won't|will not|wouldn't|would not|not)\b|n't)[^.!?]{0,30}?\bagain\b/giu, -0.6],
  [
    /\b(should|could) (be able to|have been able to)\b|\b(would|'d)( have| of|'ve|ve)? (be|been) (nice|nicer|good|great|better|easier|handy|useful|helpful|ideal|cool)( if)?\b|\bcould (really )?(do|use) with\b|\bcould use (some|a|more)\b|\bi wish\b|^wish\b|\bwish (it|they|you|there|the \w+) (could|would|had|was|were|did)\b|\b(would|'d)( have|'ve| of)? (liked|like|loved|love|preferred|prefer|wanted|want)\b/giu,
    -0.4,
    // What is wished for is no verdict: "would've been nice if it showed which stylist was *free*".
    " if ",
  ],
  [/(?<!(\bnot|n't) )\b(exactly|just) what i (needed|wanted|asked for|was looking for|was after)\b/giu, 0.6],
  [/\b(kept|keeps|keep) (on )?\w+ing\b|\bno (idea|clue)\b|\bclueless\b/giu, -0.5],
  [/\b(would|will|'d|'ll)( definitely| certainly| surely| happily)? (use|come back|recommend|return)\b/giu, 0.5],
  [/\bspot[- ]on\b/giu, 0.6],
  [/\b(don't|do not) bother\b/giu, -0.6],
  [/\bthanks? (you )?for nothing\b/giu, -0.7],
  [/\b(would not|wouldn't|won't|didn't|did not|doesn't|does not|couldn't|could not) stop\b/giu, -0.5],
  [/\b(completely|totally|way|all|way) off\b/giu, -0.5],
  [/\bso[- ]so\b/giu, 0],
  // "far from helpful" is "not helpful"; "none of them were right" is "not right".
  [/\bfar from\b|\bnone of (them|these|those|it|the \w+)( (were|was|are|is|had))?\b/giu, 0, " not "],
  // Nothing to say is no verdict: "no further comments", "nothing more to add".
  [/\bno (further |more |other )?(comments?|questions?)\b|\bnothing (more |else |further )?to (add|say)\b/giu, 0],
  // No verdict yet: "not sure yet", "waiting to see if the refund arrives", "no strong feelings either way".
  [
    /\bnot (sure|certain)( yet)?\b|\b(have ?n[o']?t|not yet|yet to) (yet )?(tried|tested|checked|try|test|check)\b|\b(still )?(wait|waiting) (to|and) see\b|\bno strong (feelings?|opinions?)\b|\beither way\b/giu,
    0,
  ],
  // Praise by comparison with everything before: "never had such fast help" is about "fast help".
  [/\bnever (had|seen|got|received|experienced|met) (such|so)\b/giu, 0],
  // Too much of something: "way too many follow-up questions", "too much typing".
  [/(?<!\bnot )\b((way|far|much) )?too (many|much|long)\b/giu, -0.5],
  // "nice design, shame about the answers": what follows leads, as after "but".
  [/\b(shame|pity|too bad) (about|that)\b/giu, -0.8, " but "],
  // Not even one: "could not give me a single useful answer" (not "not a single problem").
  [
    /(\bnot|\bnever|\bno|n't)\b(\s+\w+){0,3}\s+(a single|one single|one)\s+(?!(problem|issue|complaint|hiccup|glitch|hitch|error|bug)s?\b)\w+/giu,
    -0.6,
  ],
  // What it should have done: "it should remember what I said", "should have asked first".
  [
    /\bcould( have|'ve| of) (told|said|warned|mentioned|checked|asked|explained|offered|let)\b|\bshould (have )?(remember|remembered|know|known|understand|understood|listen|listened|ask|asked|tell|told|give|given|offer|offered|show|shown|check|checked|read)\b/giu,
    -0.4,
  ],
  [
    /\b(gave|give|giving) up\b|\bstill waiting\b|\brepeat(ing)? myself\b|\bin circles\b|\bover and over\b|\bagain and again\b|\b(took|takes|taking|wait|waited|waiting) (forever|ages)\b|\bno good\b|\bout of date\b/giu,
    -0.5,
  ],
  // Still not done: "still no refund", "refund STILL not processed", "my parcel is still lost".
  // Only "still" is taken out: what follows is read as before ("still isn't *fixed*").
  [
    /\bstill(?= (not|no|nothing|never|lost|missing|broken|wrong|incorrect|stuck|pending|waiting|being|making|leaking|dripping|crashing|freezing|happening|showing|the same|jammed|blocked|down|faulty|dead|closed|unresolved|outstanding|ha(ve|s) ?n'?t|is ?n'?t|does ?n'?t|wo ?n'?t|ca ?n'?t)\b)/giu,
    -0.6,
  ],
  // Work left to the customer: "I still have to phone the shop", "had to explain it twice".
  [
    /\b(had|have|having|has) to (\w+ )?(phone|call|ring|chase|explain|repeat|retype|re-?enter|type|contact|email|go|visit|ask|start|ride|drive|walk|wait|queue|search|rebook|re-book|reschedule|pay)\b/giu,
    -0.5,
  ],
  // A complaint as a question: "why do I have to click through 5 menus?", "why can't it…".
  [
    /\bwhy (do|did|does|should|must|would) (i|we|you|it) (have to|need to|keep|always)\b|\bwhy (ca|wo|does|did|is|do)n'?t\b/giu,
    -0.5,
  ],
  // A wait measured out is a complaint: "waited 40 mins", "45 minutes on hold".
  [
    /\b(waited|waiting|wait|on hold|queued|queuing)( for| over| nearly| almost| about| around| like){0,2} (\d+|an?|one|two|three|several) ?(min|mins|minutes|hour|hours|hrs|days|weeks)\b/giu,
    -0.5,
  ],
  // Asked again and again: "took 3 goes before it understood", "asked the same question four times".
  [
    /\btook (\d+|two|three|four|five|several|many|multiple) (goes|tries|attempts|transfers|calls|emails|chats|messages)\b|\b(asked|said|typed|explained|told it|repeated)( \w+){0,3} (twice|three times|four times|five times|\d+ times|several times|multiple times|many times)\b/giu,
    -0.5,
  ],
  // Not what was wanted: "wasn't what I was after", "not what I asked for".
  [/(\bnot|n't) (exactly |quite |really )?what i (was after|wanted|needed|asked for|was looking for)\b/giu, -0.6],
  // "not understanding my query": the adjective ("very understanding") stays praise.
  [/(\bnot|n't) (\w+ )?understanding\b/giu, -0.5],
  // A demand, not a thanks: "sort it out!", "…after cancelling. Sort this out".
  [
    /(?:^|(?<=[.!?,]\s*))((can|could|will|would) you |please |pls |just |now )*sort (it|this|that|this mess|yourselves|your \w+) out\b/giu,
    -0.5,
  ],
  // Fixed for good: "sorted out the double charge", "went above and beyond".
  [/\b(sort|sorts|sorted|sorting) (it |this |that |things |everything |the \w+ |my \w+ )?out\b/giu, 0.5],
  [/\babove and beyond\b/giu, 0.7],
  // Done fast: "in about 2 mins", "within the hour", "in no time" (a wait measured out is read first, above).
  [
    /\b(in|within) (about |around |under |less than |just |only )?(\d+|a|an|one|two|a few|few) ?(seconds?|secs?|minutes?|mins?)\b|\b(in|within) (minutes|seconds|the hour|no time)\b/giu,
    0.5,
  ],
  // Success after effort: "got there in the end".
  [
    /(?<!\b(when|once|time|until|till) (i|we|they|he|she) )\b(got|get|gets|getting) there( in the end| eventually| at last)?\b/giu,
    0.4,
  ],
  [
    /\b(got|managed to|was able to|did)\b(?:(?!\b(?:nowhere|nothing|not|never|no)\b)[^.!?,]){0,40}?\b(in the end|eventually|at last)\b/giu,
    0.4,
  ],
  [
    /\b(worked|went through|got through|succeeded)( \w+){0,2} (on|at) the (second|third|fourth|\d+(nd|rd|th)) (try|go|attempt|time)\b|(?<!(\bnot|n't|\bnever)( \w+){0,2} )\b(the )?same day\b/giu,
    0.4,
  ],
  // Money back: "the refund came through this morning", "deposit is in my bank" (not "still hasn't come through").
  [
    /\b(refunds?|money|payment|deposit|credit|compensation)\b(?:(?!\b(?:not|never|yet|still)\b|n't)[^.!?]){0,40}?\b(came through|come through|landed|arrived|is in my (bank|account)|went through|gone through|cleared)\b/giu,
    0.5,
  ],
  // Dearer than said: "the quote is double what the website says", "the price went up".
  [
    /\bdouble (what|the (price|quote|amount|cost))\b|\b(price|prices|cost|costs|fee|fees|bill|premium|quote) (went|has gone|have gone|gone|going) up\b/giu,
    -0.5,
  ],
  // Working again, and what came: "card working again", "new caddy arrived on thursday" (not "still hasn't arrived").
  [
    /\b(working|works|back up|up and running|back online) again\b|(?<!(\bnot|n't|\bnever|\byet to|\bstill)( \w+){0,2} )\barrived (on|today|yesterday|this morning|next day|the next day|early|on time|in time|quickly|safely|promptly)\b/giu,
    0.4,
  ],
  // Easy, said the British way: "dead simple".
  [/\bdead (simple|easy|quick|straightforward|handy|helpful|friendly|nice|good)\b/giu, 0.6],
  // Done at once: "confirmation came straight away" (not "didn't reply straight away").
  [/(?<!(\bnot|n't|\bnever)( \w+){0,3} )\b(straight ?away|right away)\b/giu, 0.5],
  // Something done and finished: "battery check done", "all done", "repair completed".
  [
    /(?<!(\bnot|n't|\bnever|\bwhen|\bif) (\w+ ){0,2})\b(all|everything|job|check|repair|service|refund|payment|booking|order|transfer|renewal|installation|fitting) (is |was |now |all |been )*(done|complete|completed)\b(?! ?\?)/giu,
    0.4,
  ],
  // The same failure once more: "my repair is delayed AGAIN", "card declined again".
  [
    /\b(delayed|late|cancell?ed|broken|broke|down|wrong|missing|lost|failed|crashed|declined|rejected|overcharged|charged|postponed|disconnected|dropped|full|out of stock)( \w+)? again\b/giu,
    -0.5,
  ],
  // A problem that has lasted: "brown water for 2 days now", "for the 5th month running".
  [
    /\b(the )?(\d+(st|nd|rd|th)|second|third|fourth|fifth|sixth|umpteenth|nth) (day|week|month|year|time)s? (running|in a row)\b|\bfor (\d+|two|three|four|five|six|several|a few|a couple of|many) (days|weeks|months) (now|running|in a row)\b|\bfor (a|one) (day|week|month) now\b|\b(second|third|fourth|fifth|\d+(nd|rd|th)) time (this|that) (week|month|year)\b|\b(second|third|fourth|fifth) time( now)?(?=\s*([.!]|$))|\b(\d+|a|an|one|two|three|several) (mins?|minutes|hours?|days?|weeks?) late\b|\bnon-? ?refundable\b/giu,
    -0.5,
  ],
  // A wait before an answer, and what came of the chat: "40 minutes to be told to ring the claims
  // line", "nothing happened", "all I get is 'we are aware'", a copy-pasted answer, a number to ring.
  [
    /\b(\d+|an?|one|two|three|several) ?(min|mins|minutes|hours?|hrs|days|weeks) (to be told|to get|to hear|before (i|we|it|anyone|someone|somebody))\b|\b(\d+|an?|one|two|three|several) ?(mins?|minutes|hours?|hrs) (of|on) hold\b|\ba whole ((\d+|two|three|four|five|several) )?(mins?|minutes|hours?|days?|weeks?|months?)\b|\bwithout (any )?(warning|notice|telling (me|us)|asking)\b|\bnothing (happened|changed|was done|came of it)\b|\ball (i|we) (get|got|ever get) (is|was)\b|\bcopy[- ]?pasted?\b|\b(canned|generic|scripted) (answers?|responses?|replies|reply)\b|\b(gave|give|giving|sent)( me| us)? (a|the|another|some) ((phone|telephone|different|other) )?(number|email address)( to (call|ring|phone|try|email))?\b|\b(rings|rang|ringing) out\b/giu,
    -0.5,
  ],
  // Closed or down for a stretch: "servers down 2 days", "no hot water all weekend", "the shop was shut when I got there".
  [
    /\b(down|offline|broken|closed|shut)( for)? (\d+|two|three|four|five|several|a few|a couple of) (days|hours|weeks)\b|\bno \w+( \w+)? (all|the whole|for the whole) (weekend|day|night|week|morning|afternoon|evening)\b|\b(was|were|is) (shut|closed) when (i|we) (got|arrived|went|turned up)\b/giu,
    -0.5,
  ],
  // Could not do what was asked: "couldn't actually change my travel dates" (not "can't say yet").
  [
    /\b(couldn't|could not|wasn't able to|was not able to|unable to|can't|cannot|can not)( actually| even| really)? (change|cancel|book|amend|update|process|move|reschedule|add|remove|transfer|reset|unlock|access|track|explain|confirm)\b/giu,
    -0.5,
  ],
  // Charged twice, sent the wrong thing: "billed me twice", "sent me bedding instead of a filter".
  [
    /\b(charged|billed|debited)( me| us)? (twice|double|two times|three times)\b|\bdouble[- ](charged|billed)\b|\b(sent|delivered|gave|brought|shipped|posted|packed)( me| us)?\b[^.!?,]{0,40}?\binstead of\b/giu,
    -0.5,
  ],
  // Names, not verdicts: a "quick question" says nothing of speed, a "gift card" nothing of gifts.
  [
    /\bquick (question|query|one|look|check)\b|\bgift (cards?|vouchers?|certificates?)\b|\bloyalty (number|card|points|scheme|account|programme|program)s?\b|\bhot water\b|\bloss adjusters?\b|\bfraud (alert|team|check)s?\b/giu,
    0,
  ],
  // Neither way: "no better or worse than the FAQ page".
  [/\b(no|neither) (better|worse),? (or|nor) (better|worse)\b/giu, 0],
];

/** "7/10", "4/5": a score written out. */
export const writtenScore = /\b(\d{1,2})\s*\/\s*(5|10)\b/gu;

/** The clauses around "but": the later one leads, for polar words and phrases alike. */
export const contrastScales = { before: 0.5, after: 1.5 };
/** The contrast words as they stand in a text. */
const contrastWords = new RegExp(`\\b(${[...contrasts].join("|")})\\b`, "gu");

/**
 * Where the clause that leads begins in `text`: after its last contrast word ("slow, but it
 * fixed it"), or after the first comma when the text opens with one ("although it took ages, it
 * fixed it"); -1 without a contrast. As `contrastSplit` in comment-polarity.ts does for words.
 */
function leadingClauseStart(text: string): number {
  let start = -1;
  let end = -1;
  for (const match of text.matchAll(contrastWords)) [start, end] = [match.index, match.index + match[0].length];
  // "though" ending its sentence: that sentence leads ("…in seconds. the app is a mess though").
  if (start > 0 && text.slice(start, end) === "though" && /^\s*([.!?]|$)/u.test(text.slice(end)))
    return text.slice(0, start).search(/[.!?][^.!?]*$/u);
  if (start < 0 || text.slice(0, start).trim() !== "") return start;
  const comma = text.slice(start).search(/[,.;!?]/u);
  return comma < 0 ? -1 : start + comma;
}

/** A phrase weighs as a polar word in its place would: more after a contrast, less before it. */
function contrastWeight(split: number, offset: number): number {
  if (split < 0) return 1;
  return offset > split ? contrastScales.after : contrastScales.before;
}

export function phrasePolarity(text: string): { rest: string; polarity: number; complaints: number } {
  let polarity = 0;
  let complaints = 0;
  let rest = text.replace(writtenScore, (_match, got: string, of: string) => {
    polarity += Math.max(-1, Math.min(1, (2 * Number(got)) / Number(of) - 1));
    return " ";
  });
  for (const [pattern, score, replacement = " "] of phrases) {
    // Found only when the phrase occurs; the text is the one the offsets refer to.
    let split: number | undefined;
    rest = rest.replace(pattern, (...args: unknown[]) => {
      const offset = args.findLast((arg) => typeof arg === "number") ?? 0;
      split ??= leadingClauseStart(rest);
      const weighed = score * contrastWeight(split, offset);
      polarity += weighed;
      if (weighed < 0) complaints += weighed;
      return replacement;
    });
  }
  return { rest, polarity, complaints };
}
