-- Up Migration
-- Appends one case event and stamps the case, in ONE round trip.
--
-- The EXCLUSIVE lock makes seq order equal commit order (see
-- docs/architecture.md), so every case-changing transaction waits here for
-- the one before it to commit. Doing the lock, the insert and the stamp in a
-- single call keeps the time the lock is held to this call plus the COMMIT;
-- callers make it the last statement before COMMIT.
CREATE FUNCTION append_case_event(
  p_case_id bigint,
  p_type text,
  p_actor_id integer,
  p_from_status text,
  p_to_status text,
  p_squad_id integer,
  p_detail jsonb
) RETURNS TABLE (event_seq bigint, event_at timestamptz)
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE case_events IN EXCLUSIVE MODE;
  RETURN QUERY
    WITH inserted AS (
      INSERT INTO case_events (case_id, type, actor_id, from_status, to_status, squad_id, detail)
      VALUES (p_case_id, p_type, p_actor_id, p_from_status, p_to_status, p_squad_id, p_detail)
      RETURNING case_events.seq, case_events.created_at, case_events.case_id
    )
    UPDATE cases SET last_seq = inserted.seq, updated_at = inserted.created_at
      FROM inserted WHERE cases.id = inserted.case_id
    RETURNING inserted.seq, inserted.created_at;
END
$$;

-- Down Migration
DROP FUNCTION append_case_event(bigint, text, integer, text, text, integer, jsonb);
