"""Ordered schema migrations. Never edit a released one: add the next version instead.

Every table that holds a person's data carries `user_id`, so sharing, export and
erasure can always find exactly one person's rows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "accounts, entries, tags, drafts, prompt history",
        (
            """CREATE TABLE users (
                id VARCHAR PRIMARY KEY,
                username VARCHAR NOT NULL,
                username_key VARCHAR NOT NULL UNIQUE,
                password_hash VARCHAR NOT NULL,
                is_admin BOOLEAN NOT NULL DEFAULT FALSE,
                created_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE entries (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                template VARCHAR NOT NULL,
                theme VARCHAR,
                prompt_id VARCHAR,
                prompt_text VARCHAR,
                answers VARCHAR NOT NULL,
                body VARCHAR NOT NULL,
                mood TINYINT CHECK (mood BETWEEN 1 AND 5),
                energy TINYINT CHECK (energy BETWEEN 1 AND 5),
                is_win BOOLEAN NOT NULL DEFAULT FALSE,
                polarity DOUBLE,
                subjectivity DOUBLE,
                entry_date DATE NOT NULL,
                created_at TIMESTAMP NOT NULL,
                updated_at TIMESTAMP NOT NULL,
                deleted_at TIMESTAMP,
                revision INTEGER NOT NULL DEFAULT 1,
                source VARCHAR NOT NULL DEFAULT 'harbour'
            )""",
            "CREATE INDEX entries_by_user_date ON entries (user_id, entry_date)",
            """CREATE TABLE entry_tags (
                user_id VARCHAR NOT NULL,
                entry_id VARCHAR NOT NULL,
                tag VARCHAR NOT NULL,
                PRIMARY KEY (entry_id, tag)
            )""",
            "CREATE INDEX entry_tags_by_user ON entry_tags (user_id, tag)",
            """CREATE TABLE drafts (
                user_id VARCHAR NOT NULL,
                entry_id VARCHAR NOT NULL,
                template VARCHAR NOT NULL,
                payload VARCHAR NOT NULL,
                updated_at TIMESTAMP NOT NULL,
                PRIMARY KEY (user_id, entry_id)
            )""",
            """CREATE TABLE prompts_shown (
                user_id VARCHAR NOT NULL,
                prompt_id VARCHAR NOT NULL,
                shown_at TIMESTAMP NOT NULL
            )""",
            "CREATE INDEX prompts_shown_by_user ON prompts_shown (user_id, shown_at)",
        ),
    ),
    Migration(
        2,
        "burnout check-ins and personal settings",
        (
            """CREATE TABLE burnout_checkins (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                taken_on DATE NOT NULL,
                created_at TIMESTAMP NOT NULL,
                answers VARCHAR NOT NULL,
                personal DOUBLE,
                work DOUBLE,
                client DOUBLE
            )""",
            "CREATE INDEX burnout_checkins_by_user ON burnout_checkins (user_id, taken_on)",
            """CREATE TABLE user_settings (
                user_id VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                value VARCHAR NOT NULL,
                PRIMARY KEY (user_id, name)
            )""",
        ),
    ),
    Migration(
        3,
        "look up an entry's tags by entry",
        ("CREATE INDEX entry_tags_by_entry ON entry_tags (entry_id)",),
    ),
    Migration(
        4,
        "sign-in sessions, limits on guessing, switching accounts off, app-wide settings",
        (
            # DuckDB can't add a column with a constraint. And DuckDB 1.5.5 fails to commit a transaction that
            # alters a table with rows again after adding a BOOLEAN column with a DEFAULT, so those get theirs last.
            "ALTER TABLE users ADD COLUMN failed_attempts INTEGER DEFAULT 0",
            "ALTER TABLE users ADD COLUMN locked_until TIMESTAMP",
            "ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMP",
            "ALTER TABLE users ADD COLUMN locked BOOLEAN",
            "ALTER TABLE users ADD COLUMN disabled BOOLEAN",
            "UPDATE users SET locked = FALSE, disabled = FALSE",
            "ALTER TABLE users ALTER COLUMN locked SET DEFAULT FALSE",
            "ALTER TABLE users ALTER COLUMN disabled SET DEFAULT FALSE",
            """CREATE TABLE sessions (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                last_seen_at TIMESTAMP NOT NULL,
                ended_at TIMESTAMP
            )""",
            "CREATE INDEX sessions_by_user ON sessions (user_id)",
            # Failed sign-ins for names that are not accounts, so guessing them is slowed exactly like guessing
            # a real one. Keyed by a hash of the name: what people type into the name box is not kept.
            """CREATE TABLE unknown_name_failures (
                name_hash VARCHAR PRIMARY KEY,
                failed_attempts INTEGER NOT NULL,
                locked_until TIMESTAMP,
                locked BOOLEAN NOT NULL
            )""",
            """CREATE TABLE app_settings (
                name VARCHAR PRIMARY KEY,
                value VARCHAR NOT NULL
            )""",
        ),
    ),
    Migration(
        5,
        "where an imported entry was written (its time zone), and the reflective accounts prepared",
        (
            # An IANA name ("Europe/London") or a UTC offset ("+01:00"); NULL for entries written in Harbour.
            "ALTER TABLE entries ADD COLUMN time_zone VARCHAR",
            # One row per NMC-style reflective account a person prepared, so they can count towards the five.
            """CREATE TABLE reflective_accounts (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                entry_id VARCHAR NOT NULL,
                prepared_at TIMESTAMP NOT NULL,
                code_themes VARCHAR NOT NULL
            )""",
            "CREATE INDEX reflective_accounts_by_user ON reflective_accounts (user_id, prepared_at)",
        ),
    ),
    Migration(
        6,
        "peer groups (members, what each shares, the wins wall, frozen weekly figures) and coaching",
        (
            # A group holds no one's data: members, their choices and their posts carry user_id.
            """CREATE TABLE groups (
                id VARCHAR PRIMARY KEY,
                name VARCHAR NOT NULL,
                min_members INTEGER NOT NULL CHECK (min_members >= 3),
                code_hash VARCHAR NOT NULL,
                code_set_at TIMESTAMP NOT NULL,
                open_wall BOOLEAN NOT NULL,
                regroup_prompt_id VARCHAR,
                created_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE group_members (
                group_id VARCHAR NOT NULL,
                user_id VARCHAR NOT NULL,
                role VARCHAR NOT NULL,
                status VARCHAR NOT NULL,
                joined_at TIMESTAMP NOT NULL,
                share_scores BOOLEAN NOT NULL,
                share_checkins BOOLEAN NOT NULL,
                open_wall BOOLEAN NOT NULL,
                PRIMARY KEY (group_id, user_id)
            )""",
            "CREATE INDEX group_members_by_user ON group_members (user_id)",
            """CREATE TABLE group_wins (
                id VARCHAR PRIMARY KEY,
                group_id VARCHAR NOT NULL,
                user_id VARCHAR NOT NULL,
                entry_id VARCHAR NOT NULL,
                posted_at TIMESTAMP NOT NULL,
                named BOOLEAN NOT NULL,
                text VARCHAR NOT NULL
            )""",
            "CREATE INDEX group_wins_by_group ON group_wins (group_id, posted_at)",
            # A closed week's figures, worked out once and then kept as they are (JSON, already k-anonymous).
            """CREATE TABLE group_weeks (
                group_id VARCHAR NOT NULL,
                week_start DATE NOT NULL,
                computed_at TIMESTAMP NOT NULL,
                figures VARCHAR NOT NULL,
                PRIMARY KEY (group_id, week_start)
            )""",
            # Coaching rows belong to both people: user_id is the mentee, coach_id the coach. Erasing either
            # account erases them (journal/store/erase.py treats coach_id as an owner column too).
            """CREATE TABLE coach_invites (
                code_hash VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                expires_at TIMESTAMP NOT NULL,
                used_at TIMESTAMP,
                coach_id VARCHAR
            )""",
            """CREATE TABLE coaching (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                coach_id VARCHAR NOT NULL,
                started_at TIMESTAMP NOT NULL,
                ended_at TIMESTAMP,
                share_charts BOOLEAN NOT NULL,
                share_checkins BOOLEAN NOT NULL,
                share_wins BOOLEAN NOT NULL,
                share_entries BOOLEAN NOT NULL
            )""",
            "CREATE INDEX coaching_by_mentee ON coaching (user_id)",
            "CREATE INDEX coaching_by_coach ON coaching (coach_id)",
            """CREATE TABLE coach_shared_entries (
                coaching_id VARCHAR NOT NULL,
                user_id VARCHAR NOT NULL,
                coach_id VARCHAR NOT NULL,
                entry_id VARCHAR NOT NULL,
                shared_at TIMESTAMP NOT NULL,
                PRIMARY KEY (coaching_id, entry_id)
            )""",
            """CREATE TABLE coach_access_log (
                id VARCHAR PRIMARY KEY,
                coaching_id VARCHAR NOT NULL,
                user_id VARCHAR NOT NULL,
                coach_id VARCHAR NOT NULL,
                seen_at TIMESTAMP NOT NULL,
                what VARCHAR NOT NULL
            )""",
            "CREATE INDEX coach_access_log_by_mentee ON coach_access_log (user_id, seen_at)",
            """CREATE TABLE coach_notes (
                id VARCHAR PRIMARY KEY,
                coaching_id VARCHAR NOT NULL,
                user_id VARCHAR NOT NULL,
                coach_id VARCHAR NOT NULL,
                author_id VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                text VARCHAR NOT NULL,
                action_owner VARCHAR,
                due DATE,
                done_at TIMESTAMP,
                created_at TIMESTAMP NOT NULL
            )""",
            "CREATE INDEX coach_notes_by_coaching ON coach_notes (coaching_id, created_at)",
        ),
    ),
    Migration(
        7,
        "peer-group figures under differential privacy",
        (
            # Weeks frozen before this were exact order statistics (k-anonymous only): they could single a member
            # out, so they go; each closed week is released again, with noise, the next time a member looks.
            "DELETE FROM group_weeks",
        ),
    ),
    Migration(
        8,
        "how each account came to be, failed tries since the last sign-in, and no locks from failures",
        (
            # 'self': signed up; 'admin': made by the admin (or an operator with `users create`).
            "ALTER TABLE users ADD COLUMN origin VARCHAR DEFAULT 'self'",
            "UPDATE users SET origin = 'self' WHERE origin IS NULL",
            "ALTER TABLE users ALTER COLUMN origin SET NOT NULL",
            "ALTER TABLE users ADD COLUMN failed_since_sign_in INTEGER DEFAULT 0",
            # Failures no longer lock an account (a stranger could lock anyone out): lift the locks they made.
            "UPDATE users SET locked = FALSE",
            "UPDATE unknown_name_failures SET locked = FALSE",
            # A group may admit only accounts the administrator made, so made-up accounts can't join it.
            "ALTER TABLE groups ADD COLUMN admin_made_only BOOLEAN DEFAULT FALSE",
            "UPDATE groups SET admin_made_only = FALSE WHERE admin_made_only IS NULL",
            # Where an account last signed in successfully (a salted hash of the address): tries from there are
            # limited on their own, so a stranger's guessing elsewhere never keeps the person waiting.
            """CREATE TABLE known_addresses (
                user_id VARCHAR NOT NULL,
                address_hash VARCHAR NOT NULL,
                failed_attempts INTEGER NOT NULL,
                locked_until TIMESTAMP,
                last_ok_at TIMESTAMP NOT NULL,
                PRIMARY KEY (user_id, address_hash)
            )""",
        ),
    ),
    Migration(
        9,
        "sign-in that lasts across reloads, and accounts from the organisation's own sign-in",
        (
            # A sign-in becomes the browser's HttpOnly cookie through a single-use ticket that page script hands
            # to Harbour's own route. Only the ticket's hash is kept, for the two minutes it may be used.
            """CREATE TABLE session_tickets (
                ticket_hash VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                session_id VARCHAR NOT NULL,
                expires_at TIMESTAMP NOT NULL
            )""",
            # When this session's person last proved who they are (a fresh sign-in at the organisation's
            # provider), for steps that ask for that: exporting, erasing. And where to take them back to.
            "ALTER TABLE sessions ADD COLUMN confirmed_at TIMESTAMP",
            "ALTER TABLE sessions ADD COLUMN return_to VARCHAR",
            # Accounts made by the organisation's sign-in (OpenID Connect), keyed by the provider's stable
            # identity (issuer + subject; Microsoft Entra ID: tenant + object id), never by e-mail. `last_issued_at`
            # is the newest identity token used to sign in, so an old token can't be used again.
            """CREATE TABLE identities (
                identity_key VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL UNIQUE,
                issuer VARCHAR NOT NULL,
                subject VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                last_issued_at TIMESTAMP
            )""",
        ),
    ),
    Migration(
        10,
        "relational practice: people met, actions and introductions, check-backs, own prompts, templates, trackers",
        (
            # The people a person meets, by first name or initials only, in their private list. Never shown to a
            # group; to a coach only while the person shares them (coaching.share_people). Deleted goes to the
            # trash first (deleted_at), like an entry.
            """CREATE TABLE people (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                cares_about VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                updated_at TIMESTAMP NOT NULL,
                deleted_at TIMESTAMP
            )""",
            "CREATE INDEX people_by_user ON people (user_id)",
            # Which entries are about whom (an "After a 1-to-1" is about the person it names).
            """CREATE TABLE entry_people (
                user_id VARCHAR NOT NULL,
                entry_id VARCHAR NOT NULL,
                person_id VARCHAR NOT NULL,
                PRIMARY KEY (entry_id, person_id)
            )""",
            "CREATE INDEX entry_people_by_person ON entry_people (user_id, person_id)",
            # Small private actions: a follow-up agreed ('follow_up'), an introduction asked for ('intro_asked':
            # "who could you connect me to?") or offered ('intro_offered'). Open until done (done_at: for an
            # introduction, it came through) or let go (let_go_at); a done one may become a win (win_entry_id).
            """CREATE TABLE actions (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                text VARCHAR NOT NULL,
                due DATE,
                entry_id VARCHAR,
                person_id VARCHAR,
                created_at TIMESTAMP NOT NULL,
                done_at TIMESTAMP,
                let_go_at TIMESTAMP,
                win_entry_id VARCHAR
            )""",
            "CREATE INDEX actions_by_user ON actions (user_id, created_at)",
            # A look back the person planned, as an event in their own calendar whose link opens it: on an entry
            # ('entry': the follow-up is an entry of its own, answered_entry_id, made for it), a coaching session
            # ('coaching': about_id is the coaching) or a group's regroup ('group': about_id is the group).
            """CREATE TABLE check_backs (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                about_id VARCHAR NOT NULL,
                due_on DATE NOT NULL,
                created_at TIMESTAMP NOT NULL,
                answered_entry_id VARCHAR,
                answered_at TIMESTAMP,
                dismissed_at TIMESTAMP
            )""",
            "CREATE INDEX check_backs_by_user ON check_backs (user_id, due_on)",
            # A person's own prompts, offered on Write beside the reviewed ones and never in their rotation.
            # A prompt a coach suggested carries the coaching it came from (suggested_in); the person may set it
            # aside (retired_at), which is also how any own prompt is put away.
            """CREATE TABLE own_prompts (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                text VARCHAR NOT NULL,
                suggested_in VARCHAR,
                created_at TIMESTAMP NOT NULL,
                retired_at TIMESTAMP
            )""",
            # A person's own templates: a name and up to 6 boxes, `boxes` a JSON list of {"label": str,
            # "long": bool}. An entry written with one has template 'own:<id>' and its answers keyed by the box's
            # label as it was then, so the entry reads the same after the template changes or is put away.
            """CREATE TABLE own_templates (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                boxes VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                updated_at TIMESTAMP NOT NULL,
                retired_at TIMESTAMP
            )""",
            # Up to five live personal trackers: 'yes_no' ("took a proper break") or 'scale' (1 to 5, with the
            # person's words for 1 and for 5). A day's value: yes/no 1 or 0; a scale 1 to 5.
            """CREATE TABLE trackers (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                low_label VARCHAR,
                high_label VARCHAR,
                position INTEGER NOT NULL,
                created_at TIMESTAMP NOT NULL,
                retired_at TIMESTAMP
            )""",
            """CREATE TABLE tracker_days (
                user_id VARCHAR NOT NULL,
                tracker_id VARCHAR NOT NULL,
                day DATE NOT NULL,
                value INTEGER NOT NULL,
                updated_at TIMESTAMP NOT NULL,
                PRIMARY KEY (tracker_id, day)
            )""",
            "CREATE INDEX tracker_days_by_user ON tracker_days (user_id, day)",
            # A group's own regroup prompt, in its facilitator's words (shown to members as text).
            "ALTER TABLE groups ADD COLUMN regroup_prompt_text VARCHAR",
            # Sharing the people list with a coach, like the other kinds of thing (migration 4 explains the order).
            "ALTER TABLE coaching ADD COLUMN share_people BOOLEAN",
            "UPDATE coaching SET share_people = FALSE",
            "ALTER TABLE coaching ALTER COLUMN share_people SET DEFAULT FALSE",
        ),
    ),
    Migration(
        11,
        "revalidation and CPD for each regulator; debriefs kept for a while",
        (
            # A person's profession, one row each, all theirs and never shown to a coach or a group: their
            # regulator ('nmc', 'hcpc', 'gmc'; NULL until chosen), the day their registration is next renewed (they
            # set it), the HCPC profile's summary of practice and personal statement (statement_activities: a JSON
            # list of the cpd_activities ids it draws on) and the NMC confirmation checklist (a JSON list of the
            # ids of the items ticked).
            """CREATE TABLE professional_profile (
                user_id VARCHAR PRIMARY KEY,
                regulator VARCHAR,
                renewal_on DATE,
                summary_of_practice VARCHAR NOT NULL DEFAULT '',
                personal_statement VARCHAR NOT NULL DEFAULT '',
                statement_activities VARCHAR NOT NULL,
                checklist VARCHAR NOT NULL,
                updated_at TIMESTAMP NOT NULL
            )""",
            # The CPD log, shared by every regulator: what was learnt, on what day, for how long (minutes, so an
            # hour and a half is exact), whether it was participatory (learning with others, as the NMC counts
            # it), how (method), about what (topic), the theme of the NMC's Code it touched (code_theme) and the
            # HCPC's type of learning (learning_type), both NULL when not given; the entry it grew from, if any.
            # Deleted goes to the trash first (deleted_at).
            """CREATE TABLE cpd_activities (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                done_on DATE NOT NULL,
                minutes INTEGER NOT NULL,
                participatory BOOLEAN NOT NULL,
                method VARCHAR NOT NULL,
                topic VARCHAR NOT NULL,
                code_theme VARCHAR,
                learning_type VARCHAR,
                learned VARCHAR NOT NULL DEFAULT '',
                entry_id VARCHAR,
                created_at TIMESTAMP NOT NULL,
                deleted_at TIMESTAMP
            )""",
            "CREATE INDEX cpd_activities_by_user ON cpd_activities (user_id, done_on)",
            # Practice hours, for the NMC's 450 in three years: a stretch of work (first and last day), its
            # hours, and what the NMC's log asks of it in the person's own words.
            """CREATE TABLE practice_hours (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                started_on DATE NOT NULL,
                ended_on DATE NOT NULL,
                hours INTEGER NOT NULL,
                organisation VARCHAR NOT NULL DEFAULT '',
                work_setting VARCHAR NOT NULL DEFAULT '',
                scope VARCHAR NOT NULL DEFAULT '',
                description VARCHAR NOT NULL DEFAULT '',
                created_at TIMESTAMP NOT NULL,
                deleted_at TIMESTAMP
            )""",
            "CREATE INDEX practice_hours_by_user ON practice_hours (user_id, started_on)",
            # Practice-related feedback (the NMC asks for five): where it came from (source, one of a reviewed
            # list), what it said (summary) and what changed because of it. It may have grown from a win entry
            # (from_entry_id) or a coach's note (from_note_id: a coach_notes id of the person's own coaching).
            """CREATE TABLE feedback_notes (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                received_on DATE NOT NULL,
                source VARCHAR NOT NULL,
                summary VARCHAR NOT NULL,
                changed VARCHAR NOT NULL DEFAULT '',
                from_entry_id VARCHAR,
                from_note_id VARCHAR,
                created_at TIMESTAMP NOT NULL,
                deleted_at TIMESTAMP
            )""",
            "CREATE INDEX feedback_notes_by_user ON feedback_notes (user_id, received_on)",
            # The NMC's reflective discussion with another registrant. The partner's name, PIN and email are
            # typed by the person, kept only here and printed only in their own PDF (a coach who is the partner
            # is named by coaching_id, and never sees these words).
            """CREATE TABLE reflective_discussions (
                id VARCHAR PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                held_on DATE NOT NULL,
                partner_name VARCHAR NOT NULL,
                partner_pin VARCHAR NOT NULL,
                partner_email VARCHAR NOT NULL DEFAULT '',
                coaching_id VARCHAR,
                summary VARCHAR NOT NULL DEFAULT '',
                created_at TIMESTAMP NOT NULL,
                deleted_at TIMESTAMP
            )""",
            # A debrief (the raw account of a hard shift) is kept until this day and then deleted for good,
            # unless it was turned into a learning reflection (then keep_until is NULL, like every other entry).
            "ALTER TABLE entries ADD COLUMN keep_until DATE",
        ),
    ),
    Migration(
        12,
        "sign-in sessions kept by a hash of their id",
        (
            # Sessions were kept by their id, which is also the browser's cookie: a copy of the database could sign
            # someone in. From here a session's row holds a hash of its id (journal/store/users.py), and a ticket's
            # row the id sealed by the ticket. Rows from before can't be hashed in SQL alike in DuckDB and
            # PostgreSQL, so the sessions open at the upgrade end, and the tickets waiting go: people sign in once
            # more. Ended sessions go too (their ids are no use to anyone, and nothing else refers to them).
            "DELETE FROM session_tickets",
            "DELETE FROM sessions",
        ),
    ),
)
