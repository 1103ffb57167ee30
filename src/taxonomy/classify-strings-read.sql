-- The distinct skill strings, streamed in chunks to the matcher.
select s from tf_skill_strings
