"""SQL only the demo needs: starting its peer group afresh when the demo is made again."""

from __future__ import annotations

from journal.store.db import Database

_GROUP_TABLES = ("group_weeks", "group_wins", "group_members")


def forget_group(db: Database, name: str, member_id: str) -> int:
    """Delete every group of this name that this person is in, with its members, posts and weeks."""
    with db.transaction() as cur:
        ids = [
            r[0]
            for r in cur.execute(
                "SELECT g.id FROM groups g JOIN group_members m ON m.group_id = g.id "
                "WHERE g.name = ? AND m.user_id = ?",
                [name, member_id],
            ).fetchall()
        ]
        for table in _GROUP_TABLES:
            cur.execute(f"DELETE FROM {table} WHERE group_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        cur.execute("DELETE FROM groups WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    return len(ids)
