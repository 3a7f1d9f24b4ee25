"""SQL only the demo needs: starting its peer group afresh when the demo is made again."""

from __future__ import annotations

from journal.store.db import Handle

_GROUP_TABLES = ("group_weeks", "group_wins", "group_members")


def forget_group(db: Handle, name: str, member_id: str) -> int:
    """Delete every group of this name that this person is in, with its members, posts and weeks."""
    with db.write() as tx:
        ids = [
            r[0]
            for r in tx.all(
                "SELECT g.id FROM groups g JOIN group_members m ON m.group_id = g.id "
                "WHERE g.name = ? AND m.user_id = ?",
                [name, member_id],
            )
        ]
        for table in _GROUP_TABLES:
            tx.execute(f"DELETE FROM {table} WHERE group_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        tx.execute("DELETE FROM groups WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    return len(ids)


# Everything the demo keeps for its revalidation, emptied before it is made again (the entries go with the year).
_REVALIDATION_TABLES = (
    "reflective_accounts", "cpd_activities", "practice_hours", "feedback_notes", "reflective_discussions",
    "professional_profile",
)  # fmt: skip


def forget_revalidation(db: Handle, user_id: str) -> None:
    """Delete the demo person's profile, CPD log, practice hours, feedback, discussions and reflective accounts."""
    with db.write() as tx:
        for table in _REVALIDATION_TABLES:
            tx.execute(f"DELETE FROM {table} WHERE user_id = ?", [user_id])
