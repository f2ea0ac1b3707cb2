-- Answers stored as arrays become JSON objects again before their key lists go.
UPDATE responses SET answers = COALESCE((
    SELECT json_object_agg(k.name, a.value ORDER BY a.ord)::text
    FROM json_array_elements(responses.answers::json) WITH ORDINALITY AS a(value, ord)
    JOIN answer_keys AS ak ON ak.id = (responses.answers::json ->> 0)::bigint
    JOIN json_array_elements_text(ak.keys::json) WITH ORDINALITY AS k(name, ord) ON k.ord = a.ord - 1
    WHERE a.ord > 1 AND json_typeof(a.value) <> 'null'
), '{}')
WHERE answers LIKE '[%';
DROP TABLE answer_keys;
