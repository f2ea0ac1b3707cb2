-- Answers stored as arrays become JSON objects again before their key lists go.
UPDATE responses SET answers = COALESCE((
    SELECT json_group_object(
        k.value,
        CASE a.type
            WHEN 'true' THEN json('true')
            WHEN 'false' THEN json('false')
            WHEN 'array' THEN json(a.value)
            WHEN 'object' THEN json(a.value)
            ELSE a.value
        END
    )
    FROM json_each(responses.answers) AS a
    JOIN answer_keys AS ak ON ak.id = json_extract(responses.answers, '$[0]')
    JOIN json_each(ak.keys) AS k ON k.key = a.key - 1
    WHERE a.key > 0 AND a.type <> 'null'
), '{}')
WHERE answers LIKE '[%';
DROP TABLE answer_keys;
