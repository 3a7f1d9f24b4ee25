"""The demo account: one person's believable year in Harbour, for showing the app and testing the charts.

`build_demo` creates (or refreshes) the account "demo" and fills it with about three hundred entries written
by an imagined nurse turned improvement lead who also does community organising. The year has an everyday
rhythm, a clear dip after a setback about four and a half months ago with a recovery after it, and a last
week and a half of running low, so that every chart and the burnout early warning have something to show.
Everything is drawn from a seeded random generator, so the same seed and day always give the same year.
"""

from __future__ import annotations

import math
import random
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial

from journal import accounts
from journal.content.library import Library, Template, pick_prompt
from journal.demo import together as demo_together
from journal.reflect import entries
from journal.reflect.entries import PROMPT_ANSWER, EntryInput
from journal.store import Database, users
from journal.store import entries as repo

__all__ = ["DEMO_USERNAME", "DemoResult", "build_demo"]

DEMO_USERNAME = "demo"
DAYS = 365  # the year ends today, so it starts 364 days before it
MIN_ENTRIES, MAX_ENTRIES = 270, 310  # a lively but believable year; trimmed or topped up into this band
DIP_DAYS = 14
RECOVERY_DAYS = 8
RUNNING_DOWN_DAYS = 10  # today and the nine days before it
MIN_PER_TEMPLATE = 3
TEMPLATE_IDS = ("checkin", "one_to_one", "session", "setback", "win", "weekly", "gibbs", "what_so_what", "free")


@dataclass(frozen=True)
class DemoResult:
    username: str
    password: str
    entries: int
    together: demo_together.Together | None = None  # the peer group and the coaching, both ways


@dataclass
class _Plan:
    """One entry to be written: when, which template, how the person felt and any special part it plays."""

    day: date
    template: str
    mood: int
    energy: int
    kind: str = ""  # "", "big_setback", "dip", "boundary", "connection" or "running_down"
    fixed: bool = False  # on a day that carries the story: never trimmed away or changed


# ---------------------------------------------------------------- phrase banks
# Tones follow mood: "low" for 1-2, "mid" for 3, "high" for 4-5, so the written tone tracks the scales.

CHECKIN_OPEN = {
    "low": [
        "Flat today.",
        "Heavy day.",
        "Not a great one.",
        "Struggled to get going.",
        "Felt like wading through treacle.",
        "Short fuse today and I noticed it.",
        "Drained.",
        "A grey sort of day.",
    ],
    "mid": [
        "Okay day.",
        "Steady, nothing special.",
        "Middling.",
        "Fine, a bit scattered.",
        "Busy but manageable.",
        "Mixed bag today.",
        "Ordinary day, which is fine.",
    ],
    "high": [
        "Good day.",
        "Really good day.",
        "Feeling hopeful.",
        "Lovely energy today.",
        "A day that reminded me why I do this.",
        "Buoyant.",
        "Happy and a bit proud.",
    ],
}
CHECKIN_DETAIL = {
    "low": [
        "Back-to-back meetings and no proper lunch.",
        "The inbox won again.",
        "Chasing the same sign-off for the third week running.",
        "Slept badly after a late finish.",
        "Felt like I was carrying the whole project on my own.",
        "Couldn't switch off from work last night.",
        "Cancelled my walk to answer emails, which I regret.",
        "Two people off sick on the ward so we were stretched thin.",
        "Long night shift and a sad one.",
    ],
    "mid": [
        "Got through the list, mostly.",
        "A long meeting that could have been shorter.",
        "Spent the afternoon on the data for the QI project.",
        "Admin catch-up and a quick chat with the team.",
        "Some progress on the campaign plan, slower than I'd like.",
        "Quiet night shift, time to catch up on training.",
        "Lots of small conversations, nothing finished.",
        "Planning for the residents' meeting next week.",
    ],
    "high": [
        "The residents' group came up with their own next steps without me steering.",
        "Lunch with the team in the sun.",
        "A nurse I mentor led the huddle brilliantly.",
        "Someone thanked me for a conversation we had months ago.",
        "The run chart finally moved in the right direction.",
        "Walked to work and had a proper break at lunch.",
        "Three new people signed up to the listening campaign.",
        "Great 1-to-1 this morning and it carried me through the day.",
        "Kids were lovely at bedtime and I was actually home for it.",
    ],
}
CHECKIN_CLOSE = {
    "low": ["Early night.", "Hoping tomorrow is kinder.", "Just getting through.", "Need a proper break."],
    "mid": ["Early night tonight.", "Tomorrow's another day.", "That'll do.", "Onwards.", "Kettle on."],
    "high": ["Small steps add up.", "Keeping this one.", "More of this, please.", "Grateful.", "This is why."],
}
CHECKIN_SPECIAL = {
    "boundary": [
        "I said no to joining another working group, and the sky didn't fall in.",
        "I said no to the evening meeting, left on time and went for a walk by the river.",
        "I said no to checking emails this weekend. Phone off, and I slept nine hours.",
        "I said no to two invitations to keep Friday afternoon for thinking, not meetings.",
        "I said no to covering the extra shift; felt guilty for ten minutes, then fine.",
        "I said no to chairing the next meeting and suggested Dev instead. Rest first.",
    ],
    "connection": [
        "Coffee with an old colleague who really gets this work; I felt less alone.",
        "Rang my sister and laughed properly for the first time in days.",
        "The action learning set checked in on me, which meant a lot.",
        "Two of the residents sent a kind message asking how I was. Still here, still in it together.",
    ],
    "running_down": [
        "Running on empty again.",
        "Third late night this week writing the board paper.",
        "Said yes to too much and now it is all landing at once.",
        "Woke at 4am thinking about the funding bid.",
        "Skipped lunch again. Too tired to go for my walk.",
        "The night shifts have wiped me out.",
        "Can't remember my last proper day off.",
        "Everything takes twice as long when I'm this tired.",
        "Snapped at the kids, then felt awful about it. Exhausted.",
        "Back-to-back all day and nothing left by four o'clock.",
        "Cried in the car park. Just tired, I think.",
        "Covered another shift because nobody else could. Wiped out.",
        "Lay awake going over tomorrow's meeting.",
        "Cancelled the walk with a friend to finish a report.",
    ],
}

SESSION = {
    "what_happened": [
        "Ran the monthly residents' meeting at the community centre; about fifteen came.",
        "Facilitated the QI huddle on the discharge project.",
        "Long day shift on the ward, short-staffed in the morning.",
        "Night shift, mostly settled until about 3am.",
        "Co-facilitated a session on community organising basics for new staff.",
        "Action learning set this afternoon; my turn to bring an issue.",
        "Presented the listening campaign findings to the senior leadership team.",
        "Training session for the new cohort of improvement champions.",
        "Workshop with the patient participation group about getting appointments.",
        "Team away morning on what we want to achieve together this year.",
        "Board meeting where our project was on the agenda.",
        "Walk-and-talk with the tenants' association around the estate.",
    ],
    "went_well": {
        "low": [
            "Honestly, not much. We got to the end.",
            "At least the handover was clear.",
            "A couple of kind words from a colleague at the end.",
        ],
        "mid": [
            "We kept to time and still had space for stories.",
            "We finished with three clear actions and names against them.",
            "The quieter members spoke up once we split into pairs.",
        ],
        "high": [
            "People spoke for themselves rather than waiting for me to talk.",
            "I held back and let the group find its own answer. It was a better answer than mine.",
            "Someone who was sceptical last month offered to lead the next one.",
            "The room laughed a lot, which felt like real trust building.",
            "Lovely energy; people stayed behind to keep talking.",
        ],
    },
    "was_hard": {
        "low": [
            "I was tired and it showed in my patience.",
            "Being asked for numbers to prove that relational work is worth it. Felt hopeless.",
            "Decision makers weren't in the room, so it felt like talking to ourselves.",
            "Staying patient when the same obstacles came up yet again.",
        ],
        "mid": [
            "I talked too much when the silence got uncomfortable.",
            "Holding the tension when two people disagreed openly.",
            "Not enough time; the end felt rushed.",
        ],
        "high": [
            "Not much, if I'm honest; maybe keeping to time.",
            "Letting go of my plan when the group wanted to go somewhere else.",
        ],
    },
    "take_forward": [
        "Ask more open questions and wait longer for the answers.",
        "Send a short thank-you to everyone by Friday.",
        "Book the room earlier next time, and bring cake.",
        "Try a round of one-word check-ins at the start.",
        "Bring a story, not just a slide, to the next board meeting.",
        "Keep a list of who came and what they care about.",
        "Find a co-facilitator so it isn't all on me.",
    ],
}

ONE_TO_ONE = {
    "who": [
        "Priya",
        "Tom",
        "Aisha",
        "Dev",
        "Mags",
        "J.",
        "Ruth",
        "Sam",
        "Kwame",
        "Beth",
        "R.",
        "Lena",
        "Chris",
        "Fatima",
    ],
    "role": [
        "",
        "",
        " (pharmacist)",
        " (ward sister)",
        " (tenants' association)",
        " (practice manager)",
        " (healthcare assistant)",
        " (Healthwatch volunteer)",
        " (new starter)",
        " (from the Q community)",
    ],
    "common_ground": [
        "We both came into this work after watching family struggle to get care.",
        "Both of us grew up on estates a lot like the one we're working on now.",
        "We're both tired of pilots that end the day the funding does.",
        "A shared frustration with how long decisions take, and a shared stubbornness about it.",
        "Both nurses by background who ended up in improvement almost by accident.",
        "We both believe the people closest to a problem usually know the answer.",
        "Both parents juggling the school run with evening meetings.",
    ],
    "feeling": {
        "low": [
            "I struggled to be fully present, which I regret.",
            "I was tired and it was harder to navigate than I expected.",
        ],
        "mid": ["It took a while to find our feet, then it flowed.", "Felt natural once we got going."],
        "high": [
            "That flew by; I felt properly heard too.",
            "So many unexpected connections. A joy.",
            "Less like a meeting and more like two people finding a shared cause.",
        ],
    },
    "their_passion": [
        "Making sure carers are actually listened to, not just consulted.",
        "Getting older residents out of isolation; there's a family story behind it.",
        "Fixing the discharge process that once let their neighbour down.",
        "Young people's mental health; they're angry about the waiting lists.",
        "Food poverty on the estate, and the pride that stops people asking for help.",
        "Making the ward a place where new nurses want to stay.",
        "Getting people with lived experience into the rooms where decisions are made.",
    ],
    "agreed": [
        "To meet again in a month with one idea each.",
        "They'll come along to the residents' meeting next Tuesday.",
        "I'll introduce them to someone in the carers' network.",
        "We'll co-write a short piece for the staff newsletter.",
        "Nothing formal, just to keep talking.",
        "To test one small change on their ward and share what happens.",
    ],
    "follow_up": [
        "Send the introduction email by Friday.",
        "Share the notes from the listening campaign this week.",
        "Put a date in both diaries before the end of the month.",
        "Message next week to see how the test went.",
        "Ask who else they think I should talk to.",
    ],
}

SETBACK = {
    "what_happened": [
        "The board deferred our proposal again, with no date to come back to it.",
        "A key ally is leaving for another trust.",
        "Only two people came to the residents' meeting we'd spent weeks planning.",
        "My change idea was dismissed in the team meeting before I'd finished explaining it.",
        "A difficult complaint about the ward, and I took it personally.",
        "The data showed no improvement after three months of effort.",
        "The venue cancelled at the last minute and the group lost momentum.",
    ],
    "how_it_landed": {
        "low": [
            "Gutted. I felt foolish for hoping.",
            "Deflated and a bit angry; I went quiet for the rest of the day.",
            "It knocked me more than I expected and I kept replaying it.",
            "Tired of pushing the same boulder up the same hill.",
        ],
        "mid": [
            "Disappointed, but less shaken than I would have been a year ago.",
            "Frustrated at first; by the evening it felt more like a comma than a full stop.",
        ],
        "high": ["Annoyed for an hour, then oddly calm. We've been here before and found a way."],
    },
    "what_helped": [
        "Talking it through with the team over a cup of tea.",
        "A message from one of the residents saying they're still in.",
        "Going for a walk before reacting.",
        "Remembering how long the last campaign took before it worked.",
        "My coach asking what was still within my control.",
        "Writing it down here, honestly.",
    ],
    "next_small_step": [
        "Rest tonight and look at it fresh on Monday.",
        "Ask the decision maker for ten minutes to understand their reasons.",
        "Tell the group honestly and ask what they want to do.",
        "Find out who else cares about this and might help.",
        "Go back to the run chart and look for what has actually changed.",
        "Do one thing that isn't work this weekend.",
    ],
}
BIG_SETBACK = {
    "what_happened": (
        "The board turned down the community-led access project we've been building for eighteen months. "
        "I found out by email, ten minutes before a clinic."
    ),
    "how_it_landed": (
        "Really low. It feels like all those conversations and evenings were for nothing, and I'm not sure "
        "I have it in me to start again. Embarrassed too, because I told the group I was hopeful."
    ),
    "what_helped": "Not much yet. Priya rang, which helped a little.",
    "next_small_step": "Go home, sleep, and tell the group tomorrow rather than tonight.",
}

WIN = {
    "the_win": [
        "Residents presented their own findings to the commissioners, and the commissioners really listened.",
        "A healthcare assistant I've been supporting got a place on the nursing apprenticeship.",
        "Our run chart shows falls down for the sixth week running.",
        "The practice agreed to trial a later evening clinic, an idea that came straight from the residents.",
        "First meeting where I didn't have to chair; someone else stepped up and was great.",
        "A lovely handwritten thank-you card arrived for the team. We've pinned it up.",
        "The council invited the tenants' group to its next planning meeting.",
        "A nervous new starter told me our team feels safe to ask questions in.",
        "The board agreed to hear directly from people with lived experience at its next meeting.",
        "We brought cake to the QI huddle to mark a hundred days of the project.",
        "The residents' group met without me and sent me their notes. Brilliant.",
    ],
    "who_helped": [
        "The whole group, especially the two who knocked on doors in the rain.",
        "Dev, who quietly did all the data work.",
        "My manager, who backed me in a room where it counted.",
        "Mostly them; I just held the door open.",
        "The ward team, nights as well as days.",
        "A lucky conversation in the corridor, and a lot of patient follow-up.",
    ],
    "why_it_matters": [
        "Small steps really do add up, and I needed reminding.",
        "It's proof that power shared grows rather than shrinks.",
        "Something to look back on next time it feels like nothing moves.",
        "It shows people can lead from wherever they stand.",
        "The work will outlast the campaign, which is the whole point.",
        "It keeps hope going, for me and for the group.",
    ],
}

WEEKLY = {
    "looking_back": {
        "low": [
            "A hard week. Everything felt uphill and I'm not sure much moved.",
            "Long days and not enough to show for them.",
            "A tiring week; I felt stretched in too many directions.",
        ],
        "mid": [
            "A steady week. Lots of meetings, some progress, nothing dramatic.",
            "Mixed: good conversations early on, then a slog of reports.",
            "Ordinary week on the ward with a couple of good moments in the campaign.",
        ],
        "high": [
            "A good week. The residents' meeting went well and I had two really warm 1-to-1s.",
            "Real progress on the discharge project and a lovely team lunch on Friday.",
            "Felt like things are finally moving; people are bringing their own ideas.",
        ],
    },
    "energy_and_rest": {
        "low": [
            "Drained by Wednesday; I worked two evenings I meant to keep free.",
            "Not enough rest. I noticed myself snapping at people I love.",
            "Running low all week and sleeping badly.",
        ],
        "mid": [
            "Okay until Thursday, then flagged.",
            "Rested at the weekend but the evenings were busy.",
            "Up and down; the night shifts always knock me for a day or two.",
        ],
        "high": [
            "Slept well, got out for two long walks, felt full most days.",
            "Good energy; protected my lunch breaks and it showed.",
        ],
    },
    "carrying_forward": [
        "The board paper, which I'd like to share out rather than carry alone.",
        "Hope that the council meeting will open a door.",
        "Planning the next listening session with the group.",
        "A worry about a colleague who seems low; I'll check in with her.",
        "Setting down the guilt about the things I didn't get to.",
        "The follow-ups from this week's 1-to-1s.",
    ],
    "one_boundary": [
        "No emails after 7pm.",
        "Lunch away from my desk at least three days.",
        "Say no to any new working group until the end of the month.",
        "Keep Friday afternoon free for thinking.",
        "Leave on time on Wednesday for the kids' swimming.",
        "Hand the newsletter to someone who'd like to grow into it.",
    ],
}

GIBBS = {
    "description": [
        "A handover on the ward where an important change in someone's care was nearly missed.",
        "A team meeting where a junior colleague raised a concern and was talked over.",
        "A difficult conversation with a relative who was upset about how long discharge was taking.",
        "Facilitating a session where two services disagreed sharply about whose job something was.",
        "Supporting a newly qualified nurse through her first shift in charge.",
    ],
    "feelings": {
        "low": [
            "Anxious at the time, then relieved, then ashamed that it nearly slipped.",
            "Uncomfortable and tired; I wanted to step in but hesitated.",
        ],
        "mid": ["Defensive at first, then sad once I really listened.", "Unsettled, and unsure whether to intervene."],
        "high": [
            "Nervous beforehand, energised afterwards.",
            "Proud of her, and a little worried about how stretched we were.",
        ],
    },
    "evaluation": [
        "Good: we caught it and the team responded calmly. Not good: it relied on luck.",
        "Good: I did speak up eventually. Not good: I left it too long.",
        "The conversation ended well but it took longer than it needed to.",
        "We reached an agreement, though not everyone felt heard.",
    ],
    "analysis": [
        "Handovers get rushed when we're short-staffed; the structure only helps if we protect the time for it.",
        "Power in the room sat with whoever spoke loudest, and I have more of it than I sometimes admit.",
        "The frustration was about feeling unheard more than about the delay itself.",
        "Psychological safety isn't a poster; it's built or lost in small moments like this.",
    ],
    "conclusion": [
        "I could have named the risk sooner and more plainly.",
        "I could have invited her back into the conversation straight away.",
        "Listening first would have saved us both some distress.",
        "Next time I'd agree how we handle disagreement at the start.",
    ],
    "action_plan": [
        "Suggest a short structured handover tool at the next ward meeting, and discuss it in supervision.",
        "Practise a phrase for bringing quieter voices back in, and use it.",
        "Add this to my revalidation reflections and talk it through with my clinical supervisor.",
        "Ask two colleagues for feedback on how I facilitate disagreement.",
    ],
}

WHAT_SO_WHAT = {
    "what": [
        "I chaired the steering group and realised halfway through that I was doing most of the talking.",
        "A resident challenged me about why the NHS keeps asking for views and then doing nothing.",
        "We measured the campaign by attendance, and attendance was down.",
        "I finished a task for a colleague who was struggling rather than supporting her to do it.",
        "Someone new to the group asked a question that stopped everyone in their tracks.",
    ],
    "so_what": [
        "Leadership is more about the space I create than the answers I bring.",
        "Trust is earned back with action, not with more consultation.",
        "We measure what's easy to count, not what matters in relational work.",
        "Doing it myself felt quicker but took an opportunity away from her.",
        "Fresh eyes are a gift; I'd stopped questioning our assumptions.",
    ],
    "now_what": [
        "Next time, ask a question and count to ten before speaking.",
        "Go back to that resident with a clear update on what has changed, however small.",
        "Collect stories alongside the numbers.",
        "Offer to coach rather than to do.",
        "Ask newcomers what they notice at every meeting.",
    ],
}

FREE = {
    "low": [
        "I don't have much left today. Writing this so I remember it felt like this, and that it passed before.",
        "The work will never be finished. Some days that feels freeing; today it just feels endless.",
        "Lonely sort of day. This work can feel like shouting into the wind.",
        "Wondering when to keep going and when to put my energy somewhere else. No answer tonight.",
    ],
    "mid": [
        "Not sure what I want to write. The project is in a quiet middle stretch.",
        "Wondering where community organising fits with everything else we're asked to do at work.",
        "Thinking about how to measure what a good conversation changes. Still stuck on it.",
        "A few loose thoughts about next month's plan; writing them down so I can stop carrying them.",
    ],
    "high": [
        "Sat in the car for a few minutes before driving home, letting the day settle. It was a good one.",
        "So much of this work is patience. Nothing big happened today, but lots of small good things did.",
        "Complex problems don't always need complex answers. Today a simple conversation unlocked a lot.",
        "Grateful for the people around me. Leadership really does exist among us, not just at the top.",
    ],
}

PROMPT_ANSWERS = {
    "hope": {
        "low": ["Honestly, hope felt like hard work today. I held on to small things: a kind message, a cup of tea."],
        "ok": [
            "Seeing the group keep going without me in the room. Hope feels like something we make together.",
            "A new volunteer who reminded me why I started.",
            "I keep a list of the little things that worked. Reading it back today helped.",
        ],
    },
    "resilience": {
        "low": ["I'm not bouncing back quickly this time, and I'm trying to let that be okay."],
        "ok": [
            "I reminded myself that this is a comma, not a full stop.",
            "The last campaign took two years. I got through that, and I'll get through this.",
        ],
    },
    "boundaries": {
        "low": ["I've let my boundaries slip and work is leaking into every evening."],
        "ok": [
            "I left on time and didn't apologise for it.",
            "I'm noticing I say yes before I've even looked at my diary. Working on the pause.",
        ],
    },
    "leadership": {
        "low": ["I didn't feel much like a leader today; more like someone holding too many things."],
        "ok": [
            "I stepped back and let others lead, which felt uncomfortable and right.",
            "Using what influence I have to open a door for someone else.",
        ],
    },
    "connection": {
        "low": ["I've been avoiding people when I'm tired, which makes it worse."],
        "ok": [
            "A proper conversation, not a transactional one. We found common ground quickly.",
            "I asked who else cares about this and came away with three names.",
        ],
    },
    "little_big_things": {
        "low": ["Hard to see them today, but one colleague's thank-you still counts."],
        "ok": [
            "A thank-you note, a chart moving the right way, someone new speaking up.",
            "Small steps, but they add up, and today I could see them adding up.",
        ],
    },
    "shared_purpose": {
        "low": ["Right now it feels like I'm carrying the purpose on my own."],
        "ok": [
            "When the residents spoke together the whole room changed.",
            "The collective voice carried further than any of us could alone.",
        ],
    },
    "caring": {
        "low": ["I need to let people care for me, and I'm not great at that."],
        "ok": [
            "I checked in on a colleague who's been quiet; she was glad someone asked.",
            "I let the team look after me for once, and it was lovely.",
        ],
    },
}

# Tags come from what the words are about, so the tag chart tells the same story as the entries.
TAG_WORDS = {
    "night shift": ("night shift",),
    "board meeting": ("board",),
    "QI": ("qi ", "qi huddle", "run chart", "falls"),
    "campaign": ("campaign", "residents", "tenants"),
    "team": ("team",),
    "family": ("kids", "sister", "family"),
    "walk": ("went for a walk", "going for a walk", "walked", "walks", "walk-and-talk"),
    "rest": ("said no", "rest tonight", "rest first", "day off", "slept well", "slept nine"),
    "1-to-1": ("1-to-1",),
    "training": ("training", "cohort"),
}
PLAUSIBLE_THEMES = {
    "checkin": {"low": ["boundaries", "resilience", None], "mid": [None, None, "leadership"], "high": ["hope", None]},
    "session": ["leadership", "shared_purpose", "connection", "caring"],
    "weekly": ["boundaries", "hope", "caring"],
    "gibbs": ["leadership", "caring", "resilience"],
    "what_so_what": ["leadership", "shared_purpose"],
    "free": ["hope", "resilience", "boundaries", None],
}
WEEKDAY_MIX = {
    "checkin": 0.49,
    "session": 0.17,
    "one_to_one": 0.12,
    "win": 0.1,
    "setback": 0.03,
    "gibbs": 0.025,
    "what_so_what": 0.03,
    "free": 0.055,
}
WEEKEND_MIX = {"checkin": 0.62, "session": 0.1, "win": 0.07, "free": 0.15, "what_so_what": 0.03, "one_to_one": 0.03}
DIP_MIX = {"checkin": 0.62, "free": 0.15, "what_so_what": 0.1, "setback": 0.05, "session": 0.08}
# Shifts to the day's mood and energy by kind of moment: a win lifts, a setback knocks.
TEMPLATE_SHIFT = {"win": (0.7, 0.3), "setback": (-1.3, -0.8), "one_to_one": (0.2, 0.1)}
# After the dip: connection, a boundary and wins, in this order, one a day (None: a quiet day).
RECOVERY_SCHEDULE = [
    ("checkin", "boundary"),
    ("one_to_one", "connection"),
    ("win", ""),
    None,
    ("checkin", "boundary"),
    ("session", ""),
    ("win", ""),
    ("checkin", "connection"),
]


def _tone(mood: int) -> str:
    return "low" if mood <= 2 else "mid" if mood == 3 else "high"


def _clamp(value: float) -> int:
    return max(1, min(5, round(value)))


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# ---------------------------------------------------------------- the shape of the year
def _levels(day: date, today: date, dip_start: date, drift: float) -> tuple[float, float, str]:
    """The usual mood and energy for a day, and which part of the story it belongs to."""
    since_dip = (day - dip_start).days
    until_today = (today - day).days
    if 0 <= since_dip < DIP_DAYS:
        # The knock lands, then the second week grinds lower still, until the turn on the last day.
        depth = 1.4 if 7 <= since_dip <= 12 else 2.5
        return depth, depth + 0.3, "dip"
    if DIP_DAYS <= since_dip < DIP_DAYS + RECOVERY_DAYS:
        step = (since_dip - DIP_DAYS + 1) / RECOVERY_DAYS
        return 3.1 + 0.8 * step, 3.0 + 0.8 * step, "recovery"
    if until_today < RUNNING_DOWN_DAYS:
        return 2.2, 1.5, "running_down"
    if until_today < RUNNING_DOWN_DAYS + 4:
        return 3.1, 2.6, "tapering"
    # A gentle ebb and flow over the weeks, on the rise as the recovery ends.
    wave = 0.25 * math.sin(2 * math.pi * (since_dip - DIP_DAYS - RECOVERY_DAYS) / 47)
    lift = 0.15 if DIP_DAYS + RECOVERY_DAYS <= since_dip < 40 else 0.0  # relief after coming through
    weekend = 0.15 if day.weekday() >= 5 else 0.0
    return 3.7 + wave + drift + lift, 3.8 + 0.8 * wave + drift + weekend, "usual"


def _draw(
    rng: random.Random,
    day: date,
    mood_mu: float,
    energy_mu: float,
    noise: float,
    template: str,
    kind: str = "",
) -> _Plan:
    """One entry on a day: the day's usual levels, nudged by the kind of moment, plus everyday noise."""
    dm, de = TEMPLATE_SHIFT.get(template, (0.0, 0.0))
    mood = _clamp(mood_mu + dm + rng.gauss(0, noise))
    energy = _clamp(energy_mu + de + rng.gauss(0, noise))
    return _Plan(day, template, mood, energy, kind)


def _plan_year(rng: random.Random, today: date) -> list[_Plan]:
    """Decide every entry of the year: its day, template, mood and energy, in date order."""
    start = today - timedelta(days=DAYS - 1)
    dip_start = today - timedelta(days=rng.randint(128, 142))
    # Days that carry the story (the run-up to the dip, the dip, the recovery and the last fortnight).
    protected = {dip_start + timedelta(days=k) for k in range(-10, DIP_DAYS + RECOVERY_DAYS)}
    protected |= {today - timedelta(days=k) for k in range(RUNNING_DOWN_DAYS + 4)}
    plans: list[_Plan] = []
    drift = 0.0
    weekly_on: dict[tuple[int, int], int | None] = {}
    down_day_with_three = rng.randrange(7)  # in the last week, at most one check-in says "okay"
    for i in range(DAYS):
        day = start + timedelta(days=i)
        drift = 0.75 * drift + rng.gauss(0, 0.12)
        mood_mu, energy_mu, phase = _levels(day, today, dip_start, drift)
        weekend = day.weekday() >= 5
        week = day.isocalendar()[:2]
        if week not in weekly_on:
            # The weekly regroup happens on a Friday or a Sunday, and now and then gets skipped.
            weekly_on[week] = None if rng.random() < 0.08 else (4 if rng.random() < 0.6 else 6)

        noise = 0.4 if phase == "dip" else 0.55  # a low patch is steadily low, not up and down
        entry = partial(_draw, rng, day, mood_mu, energy_mu, noise)
        day_plans: list[_Plan] = []
        since_dip = (day - dip_start).days
        if phase == "dip":
            if since_dip == 0:
                day_plans.append(_Plan(day, "setback", 1, 2, "big_setback"))
            elif rng.random() < 0.8:  # writing things down is part of how this person copes
                day_plans.append(entry(_pick(rng, DIP_MIX), "dip"))
        elif phase == "recovery":
            slot = RECOVERY_SCHEDULE[since_dip - DIP_DAYS]
            if slot:
                plan = entry(slot[0], slot[1])
                plan.mood, plan.energy = max(plan.mood, 3), max(plan.energy, 3)
                day_plans.append(plan)
        elif phase == "running_down":
            until_today = (today - day).days
            if until_today < 7:
                mood = 3 if until_today == down_day_with_three and rng.random() < 0.7 else 2
            else:
                mood = 3 if rng.random() < 0.3 else 2
            energy = 1 if rng.random() < 0.4 else 2
            day_plans.append(_Plan(day, "checkin", mood, energy, "running_down"))
            if not weekend and rng.random() < 0.3:
                extra = entry("session")
                extra.mood, extra.energy = min(extra.mood, 3), min(extra.energy, 2)
                day_plans.append(extra)
        else:
            r = rng.random()
            if weekend:
                n = 0 if r < 0.7 else 1 if r < 0.97 else 2
            else:
                n = 0 if r < 0.33 else 1 if r < 0.88 else 2
            mix = WEEKEND_MIX if weekend else WEEKDAY_MIX
            for _ in range(n):
                template = _pick(rng, mix)
                if any(p.template == template == "checkin" for p in day_plans):
                    template = "session"  # two check-ins in a day reads oddly; a shift note instead
                if template == "setback" and -10 <= since_dip < 0:
                    template = "session"  # keep the big knock clearly the start of the dip
                day_plans.append(entry(template))
        if weekly_on[week] == day.weekday():
            day_plans = day_plans[:1]
            plan = entry("weekly")
            if phase == "running_down":
                plan.mood, plan.energy = min(plan.mood, 2), min(plan.energy, 2)
            day_plans.append(plan)
        for plan in day_plans:
            plan.fixed = day in protected
        plans.extend(day_plans)
    return _cover_templates(rng, _fit_band(rng, plans, today, protected))


def _fit_band(rng: random.Random, plans: list[_Plan], today: date, protected: set[date]) -> list[_Plan]:
    """Trim or top up ordinary entries so the year always lands in the believable band."""
    while len(plans) > MAX_ENTRIES:
        candidates = [i for i, p in enumerate(plans) if not p.fixed and p.template not in ("weekly", "win")]
        plans.pop(rng.choice(candidates))
    taken = {p.day for p in plans}
    start = today - timedelta(days=DAYS - 1)
    quiet = [start + timedelta(days=i) for i in range(DAYS - 30)]
    quiet = [d for d in quiet if d not in taken and d not in protected and d.weekday() < 5]
    while len(plans) < MIN_ENTRIES and quiet:
        day = quiet.pop(rng.randrange(len(quiet)))
        plans.append(_Plan(day, "checkin", _clamp(3.7 + rng.gauss(0, 0.55)), _clamp(3.8 + rng.gauss(0, 0.55))))
    plans.sort(key=lambda p: p.day)
    return plans


def _cover_templates(rng: random.Random, plans: list[_Plan]) -> list[_Plan]:
    """Make sure every kind of reflection appears a few times, so no filter or chart comes up empty."""
    for template in TEMPLATE_IDS:
        while sum(p.template == template for p in plans) < MIN_PER_TEMPLATE:
            spare = [p for p in plans if p.template == "checkin" and not p.fixed]
            plan = rng.choice(spare)
            dm, de = TEMPLATE_SHIFT.get(template, (0.0, 0.0))
            plan.template, plan.mood, plan.energy = template, _clamp(plan.mood + dm), _clamp(plan.energy + de)
    return plans


# ---------------------------------------------------------------- the words
def _checkin_line(rng: random.Random, plan: _Plan) -> str:
    tone = _tone(plan.mood)
    if plan.kind in CHECKIN_SPECIAL:
        line = rng.choice(CHECKIN_SPECIAL[plan.kind])
        return (
            f"{line} {rng.choice(CHECKIN_CLOSE['low'])}" if plan.kind == "running_down" and rng.random() < 0.4 else line
        )
    line = f"{rng.choice(CHECKIN_OPEN[tone])} {rng.choice(CHECKIN_DETAIL[tone])}"
    return f"{line} {rng.choice(CHECKIN_CLOSE[tone])}" if rng.random() < 0.5 else line


def _answers(rng: random.Random, plan: _Plan, recent_lines: list[str]) -> dict[str, str]:
    """Compose the answers for one entry from the phrase banks, in a tone that matches its mood."""
    tone = _tone(plan.mood)
    c = rng.choice
    if plan.template == "checkin":
        line = _checkin_line(rng, plan)
        for _ in range(10):  # the same line two days running reads like a copy, so try for a fresh one
            if line not in recent_lines:
                break
            line = _checkin_line(rng, plan)
        recent_lines.insert(0, line)
        del recent_lines[8:]
        return {"line": line}
    if plan.template == "session":
        s = SESSION
        return {
            "what_happened": c(s["what_happened"]),
            "went_well": c(s["went_well"][tone]),
            "was_hard": c(s["was_hard"]["low" if plan.energy <= 2 else tone]),
            "take_forward": c(s["take_forward"]),
        }
    if plan.template == "one_to_one":
        o = ONE_TO_ONE
        common = c(o["common_ground"])
        if plan.kind == "connection":
            common += " I'd been avoiding people since the board decision; this reminded me why I shouldn't."
        return {
            "who": c(o["who"]) + c(o["role"]),
            "common_ground": f"{common} {c(o['feeling'][tone])}",
            "their_passion": c(o["their_passion"]),
            "agreed": c(o["agreed"]),
            "follow_up": c(o["follow_up"]),
        }
    if plan.template == "setback":
        if plan.kind == "big_setback":
            return dict(BIG_SETBACK)
        s = SETBACK
        return {
            "what_happened": c(s["what_happened"]),
            "how_it_landed": c(s["how_it_landed"][tone]),
            "what_helped": c(s["what_helped"]),
            "next_small_step": c(s["next_small_step"]),
        }
    if plan.template == "win":
        return {key: c(bank) for key, bank in WIN.items()}
    if plan.template == "weekly":
        w = WEEKLY
        return {
            "looking_back": c(w["looking_back"][tone]),
            "energy_and_rest": c(w["energy_and_rest"]["low" if plan.energy <= 2 else tone]),
            "carrying_forward": c(w["carrying_forward"]),
            "one_boundary": c(w["one_boundary"]),
        }
    if plan.template == "gibbs":
        return {key: c(bank[tone] if isinstance(bank, dict) else bank) for key, bank in GIBBS.items()}
    if plan.template == "what_so_what":
        return {key: c(bank) for key, bank in WHAT_SO_WHAT.items()}
    first, second = rng.sample(FREE[tone], 2)
    return {"text": f"{first} {second}" if rng.random() < 0.4 else first}


def _theme(rng: random.Random, template: Template, plan: _Plan, prompt_theme: str | None) -> str | None:
    if template.theme:
        return template.theme
    if prompt_theme:
        return prompt_theme
    if plan.kind == "boundary":
        return "boundaries"
    if plan.kind == "connection":
        return "connection"
    options = PLAUSIBLE_THEMES.get(plan.template, [None])
    if isinstance(options, dict):
        options = options[_tone(plan.mood)]
    return rng.choice(options)


def _tags(rng: random.Random, plan: _Plan, body: str) -> list[str]:
    text = body.lower()
    found = [tag for tag, words in TAG_WORDS.items() if any(w in text for w in words)]
    must = ["1-to-1"] if plan.template == "one_to_one" else ["rest"] if plan.kind == "boundary" else []
    if not must and rng.random() < 0.2:
        return []  # people don't always bother to tag
    others = [tag for tag in found if tag not in must]
    return must + rng.sample(others, min(3 - len(must), len(others)))


def _is_win(rng: random.Random, plan: _Plan) -> bool:
    if plan.template == "win":
        return True
    return plan.mood >= 4 and plan.template in ("session", "one_to_one", "checkin", "free") and rng.random() < 0.18


# ---------------------------------------------------------------- building it
def _demo_user(db: Database, password: str) -> accounts.User:
    """Create the demo account, or give the existing one a new password."""
    if users.find_by_key(db, accounts.username_key(DEMO_USERNAME)) is None:
        return accounts.create_account(db, DEMO_USERNAME, password)
    return accounts.set_password(db, DEMO_USERNAME, password)


def build_demo(
    db: Database, lib: Library, *, today: date | None = None, seed: int = 7, together: bool = True
) -> DemoResult:
    """Create or refresh the "demo" account with a year of entries ending on `today`; returns how to sign in.

    Only the demo account's rows are replaced. The same seed and day always write the same year
    (the password is new every time).
    """
    today = today or date.today()
    if today > date.today():
        # Entries are saved through the ordinary service, which refuses dates in the future.
        raise ValueError("The demo year can't end in the future.")
    rng = random.Random(seed)
    password = secrets.token_urlsafe(16)
    user = _demo_user(db, password)
    repo.delete_all_for_user(db, user.id)

    recent: list[str] = []  # prompt ids, newest first, as the rotation expects
    recent_lines: list[str] = []
    for plan in _plan_year(rng, today):
        template = lib.template(plan.template)
        answers = _answers(rng, plan, recent_lines)
        prompt = None
        if template.offers_prompt and rng.random() < 0.5:
            prompt = pick_prompt(lib, template.moment, recent, rng=rng)
        if prompt is not None:
            tone = "low" if plan.mood <= 2 else "ok"
            answers[PROMPT_ANSWER] = rng.choice(PROMPT_ANSWERS[prompt.theme][tone])
            recent.insert(0, prompt.id)
            when = datetime.combine(plan.day, time(hour=rng.randint(7, 21), minute=rng.randint(0, 59)))
            repo.record_prompt_shown(db, user.id, prompt.id, when)
        body = " ".join(answers.values())
        inp = EntryInput(
            template=plan.template,
            answers=answers,
            mood=plan.mood,
            energy=plan.energy,
            tags=_tags(rng, plan, body),
            is_win=_is_win(rng, plan),
            theme=_theme(rng, template, plan, prompt.theme if prompt else None),
            prompt_id=prompt.id if prompt else None,
            prompt_text=prompt.text if prompt else None,
            entry_date=plan.day,
        )
        entry_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        entries.save_new(db, user.id, entry_id, inp, lib)
    together = demo_together.build(db, lib, user, password, today, rng)
    return DemoResult(username=DEMO_USERNAME, password=password, entries=entries.count(db, user.id), together=together)
