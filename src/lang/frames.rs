//! The frame table: classes of actions and the parameters an implementer needs to execute
//! each one.
//!
//! A requirement to *retry* cannot be executed without a number of attempts and a wait
//! between them; a *timeout* needs a duration; to *notify* someone needs a recipient and a
//! channel. When a clause's action belongs to a class and the clause does not state one of
//! its slots, an implementer would have to guess: the translator records the slot as an
//! assumed commitment with the question that would settle it.
//!
//! This is structural knowledge about requirements, written for ire from the parameters that
//! requirements-engineering checklists ask of each kind of behaviour (ISO/IEC/IEEE 29148
//! §5.2.5 "singular, complete, verifiable"; the EARS guidance that a response be measurable):
//! it names verbs by meaning, never phrases taken from any evaluation data.

/// What kind of number a slot needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// Any number, with or without a unit.
    Any,
    /// A count of attempts or times ("3 times", "twice", "5 retries").
    Count,
    /// A duration ("30 s", "2 minutes", "7 days").
    Time,
}

/// What in a clause states a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// A number of this kind.
    Number(UnitKind),
    /// A phrase opened by one of these words ("to the admin", "by email", "per user").
    Marker(&'static [&'static str]),
    /// One of these words anywhere in the clause ("daily", "ascending", "immediately").
    Word(&'static [&'static str]),
    /// A direct object after the verb ("notify *the owner*").
    Object,
    /// A condition of the requirement ("when the token expires").
    Condition,
    /// A literal: code, a quoted value, an identifier ("using `argon2id`").
    Literal,
    /// A variable: a one-letter name other than "a" ("the n-th number", "of x and y").
    Variable,
}

/// A parameter of a class of actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// Its name, as in the IR's commitments.
    pub name: &'static str,
    /// Any of these states it.
    pub evidence: &'static [Evidence],
    /// The question to ask when nothing states it; `{}` is the action.
    pub question: &'static str,
}

/// A class of actions and the slots it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    /// The class, for documentation and messages.
    pub class: &'static str,
    /// Verbs of the class, base form.
    pub verbs: &'static [&'static str],
    /// Nouns that name the action ("retries", "a timeout").
    pub nouns: &'static [&'static str],
    /// When not empty, the verb belongs to the class only with one of these words in its
    /// object ("write a *guide*", not "write a command").
    pub objects: &'static [&'static str],
    /// The parameters it needs.
    pub slots: &'static [Slot],
}

use Evidence::{Condition, Literal, Marker, Number, Object, Variable, Word};

const TIME_WORDS: &[&str] = &[
    "immediately",
    "instantly",
    "daily",
    "hourly",
    "weekly",
    "monthly",
    "yearly",
    "annually",
    "nightly",
    "midnight",
    "noon",
    "continuously",
    "forever",
    "indefinitely",
    "permanently",
];

/// The frame table.
pub const FRAMES: &[Frame] = &[
    Frame {
        class: "computation",
        verbs: &["return", "compute", "calculate", "count", "evaluate", "sum", "multiply", "divide", "average"],
        nouns: &[],
        objects: &[],
        slots: &[Slot {
            name: "input",
            evidence: &[
                Marker(&["of", "from", "in", "for", "between", "among", "within", "over", "given", "on", "by"]),
                Literal,
                Variable,
                Condition,
            ],
            question: "From which input, exactly, does it {}?",
        }],
    },
    Frame {
        class: "retry",
        verbs: &["retry", "reattempt", "resend", "redeliver", "retransmit", "resubmit"],
        nouns: &["retry", "retries", "reattempt"],
        objects: &[],
        slots: &[
            Slot {
                name: "count",
                evidence: &[Number(UnitKind::Count), Number(UnitKind::Any), Word(&["forever", "indefinitely"])],
                question: "How many times at most should it {}?",
            },
            Slot {
                name: "wait",
                evidence: &[Number(UnitKind::Time), Word(TIME_WORDS)],
                question: "How long should it wait between attempts (a fixed or a growing wait, in seconds)?",
            },
        ],
    },
    Frame {
        class: "timeout",
        verbs: &["timeout"],
        nouns: &["timeout", "time-out", "deadline"],
        objects: &[],
        slots: &[Slot {
            name: "duration",
            evidence: &[Number(UnitKind::Time)],
            question: "After how long, in seconds or minutes, does it time out?",
        }],
    },
    Frame {
        class: "expiry",
        verbs: &["expire", "lapse"],
        nouns: &["expiry", "expiration", "ttl", "lifetime"],
        objects: &[],
        slots: &[Slot {
            name: "period",
            evidence: &[Number(UnitKind::Time), Condition, Word(TIME_WORDS)],
            question: "After how long, or on which event, does it expire?",
        }],
    },
    Frame {
        class: "retention",
        verbs: &["retain", "purge", "evict", "cache"],
        nouns: &["retention", "purging", "eviction"],
        objects: &[],
        slots: &[Slot {
            name: "period",
            evidence: &[Number(UnitKind::Time), Condition, Word(TIME_WORDS)],
            question: "For how long, or until which event, should it {}?",
        }],
    },
    Frame {
        class: "notification",
        verbs: &["notify", "alert", "inform", "remind", "warn", "page", "email", "text", "message"],
        nouns: &["notification", "alert", "reminder"],
        objects: &[],
        slots: &[
            Slot {
                name: "recipient",
                evidence: &[Object, Marker(&["to", "with"])],
                question: "Who exactly should receive it?",
            },
            Slot {
                name: "channel",
                evidence: &[
                    Marker(&["by", "via", "through", "over", "using"]),
                    Word(&[
                        "email", "e-mail", "sms", "text", "slack", "webhook", "push", "phone", "call", "page", "pager",
                        "banner", "dialog", "popup", "toast", "log", "console",
                    ]),
                ],
                question: "Through which channel (email, SMS, a webhook, an in-app message …)?",
            },
        ],
    },
    Frame {
        class: "schedule",
        verbs: &["schedule", "poll", "backup", "sync", "synchronise", "synchronize", "rotate", "renew", "recur"],
        nouns: &["backup", "backups", "rotation", "polling", "cron"],
        objects: &[],
        slots: &[Slot {
            name: "schedule",
            evidence: &[Number(UnitKind::Time), Condition, Word(TIME_WORDS), Marker(&["every", "each", "at", "on"])],
            question: "When, or how often, exactly?",
        }],
    },
    Frame {
        class: "limit",
        verbs: &["limit", "throttle", "cap", "restrict", "rate-limit", "truncate"],
        nouns: &["limit", "quota", "throttling"],
        objects: &[],
        slots: &[Slot {
            name: "limit",
            evidence: &[Number(UnitKind::Any), Literal],
            question: "What is the limit, as a number with its unit?",
        }],
    },
    Frame {
        class: "ordering",
        verbs: &["sort", "order", "rank"],
        nouns: &["sorting", "ranking"],
        objects: &[],
        slots: &[Slot {
            name: "order",
            evidence: &[
                Marker(&["by", "from", "on"]),
                Word(&[
                    "ascending",
                    "descending",
                    "alphabetically",
                    "alphabetical",
                    "chronologically",
                    "chronological",
                    "increasing",
                    "decreasing",
                    "reverse",
                    "numerically",
                    "lexicographically",
                    "lexicographic",
                    "newest",
                    "oldest",
                ]),
            ],
            question: "Sorted by which key, in which direction?",
        }],
    },
    Frame {
        class: "rounding",
        verbs: &["round"],
        nouns: &["rounding"],
        objects: &[],
        slots: &[Slot {
            name: "precision",
            evidence: &[Number(UnitKind::Any), Marker(&["to"])],
            question: "Round to how many decimal places, and which way?",
        }],
    },
    Frame {
        class: "cryptography",
        verbs: &["encrypt", "hash", "sign"],
        nouns: &["encryption", "hashing", "signature"],
        objects: &[],
        slots: &[Slot {
            name: "algorithm",
            evidence: &[Marker(&["with", "using", "via"]), Literal],
            question: "With which algorithm (and key), exactly?",
        }],
    },
    Frame {
        class: "conversion",
        verbs: &["convert", "export", "serialize", "serialise", "encode", "transcode"],
        nouns: &["conversion", "export", "serialization"],
        objects: &[],
        slots: &[Slot {
            name: "format",
            evidence: &[Marker(&["to", "into", "as", "in", "using"]), Literal],
            question: "Into which format, exactly?",
        }],
    },
    Frame {
        class: "content",
        verbs: &[
            "write", "create", "draft", "compose", "prepare", "produce", "generate", "design", "develop", "make",
            "craft", "outline", "put",
        ],
        nouns: &[],
        objects: &[
            "guide",
            "guides",
            "tutorial",
            "tutorials",
            "article",
            "articles",
            "essay",
            "essays",
            "post",
            "posts",
            "story",
            "stories",
            "letter",
            "letters",
            "speech",
            "report",
            "summary",
            "plan",
            "plans",
            "itinerary",
            "schedule",
            "presentation",
            "course",
            "curriculum",
            "strategy",
            "proposal",
            "routine",
            "menu",
            "playlist",
            "review",
            "overview",
            "introduction",
            "newsletter",
            "poem",
            "song",
            "description",
            "workshop",
        ],
        slots: &[
            Slot {
                name: "audience",
                evidence: &[Marker(&["for", "aimed", "targeted", "targeting", "addressed"])],
                question: "Who is it for, and what do they already know?",
            },
            Slot {
                name: "extent",
                evidence: &[
                    Number(UnitKind::Any),
                    Marker(&["covering", "including", "with", "within", "under", "limited"]),
                ],
                question: "How long or how detailed should it be, and what must it cover?",
            },
        ],
    },
    Frame {
        class: "software",
        verbs: &["write", "create", "build", "develop", "make", "implement", "code", "program", "generate"],
        nouns: &[],
        objects: &[
            "script",
            "scripts",
            "program",
            "programs",
            "function",
            "functions",
            "app",
            "application",
            "tool",
            "bot",
            "website",
            "extension",
            "plugin",
            "class",
            "library",
            "service",
            "scraper",
            "cli",
        ],
        slots: &[Slot {
            name: "interface",
            evidence: &[
                Marker(&[
                    "from",
                    "that",
                    "which",
                    "takes",
                    "taking",
                    "accepts",
                    "accepting",
                    "reads",
                    "reading",
                    "given",
                    "returns",
                    "returning",
                    "using",
                    "into",
                ]),
                Literal,
                Variable,
            ],
            question: "What does it take as input, and what must it produce?",
        }],
    },
    Frame {
        class: "recommendation",
        verbs: &["recommend", "suggest", "propose", "advise", "choose", "pick", "shortlist"],
        nouns: &["recommendation", "recommendations", "suggestion", "suggestions"],
        objects: &[],
        slots: &[Slot {
            name: "criteria",
            evidence: &[Marker(&["based", "according", "within", "under", "below", "cheaper"]), Number(UnitKind::Any)],
            question: "By which criteria and constraints should the options be chosen?",
        }],
    },
];

/// The frame of a verb (base form or an inflection of it) or of a noun naming the action,
/// given the words of its object.
#[must_use]
pub fn of_word(word: &str, object: &[&str]) -> Option<&'static Frame> {
    static STEMS: std::sync::LazyLock<Vec<Vec<String>>> = std::sync::LazyLock::new(|| {
        FRAMES.iter().map(|f| f.verbs.iter().map(|v| super::words::stem(v)).collect()).collect()
    });
    let word = word.to_lowercase();
    let stem = super::words::stem(&word);
    FRAMES.iter().zip(STEMS.iter()).find_map(|(f, stems)| {
        let verb = f.verbs.contains(&word.as_str()) || stems.contains(&stem);
        let fits = f.objects.is_empty() || object.iter().any(|w| f.objects.contains(&w.to_lowercase().as_str()));
        (f.nouns.contains(&word.as_str()) || (verb && fits)).then_some(f)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_and_nouns_find_their_frame() {
        assert_eq!(of_word("retries", &[]).unwrap().class, "retry");
        assert_eq!(of_word("Retried", &[]).unwrap().class, "retry");
        assert_eq!(of_word("notifies", &[]).unwrap().class, "notification");
        assert_eq!(of_word("timeout", &[]).unwrap().class, "timeout");
        assert!(of_word("upload", &[]).is_none());
        assert_eq!(of_word("write", &["a", "guide"]).unwrap().class, "content");
        assert!(of_word("write", &["a", "bash", "command"]).is_none(), "code is not content to tailor");
    }

    #[test]
    fn every_slot_can_be_stated_and_asks_a_question() {
        for f in FRAMES {
            assert!(!f.verbs.is_empty() && !f.slots.is_empty(), "{}", f.class);
            for s in f.slots {
                assert!(!s.evidence.is_empty(), "{}.{}", f.class, s.name);
                assert!(s.question.ends_with('?'), "{}.{}", f.class, s.name);
            }
        }
    }
}
