import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../errors.ts';
import { connect, redactUrl, scrub, sourceTables, SourceConnectionError } from './source.ts';

test('a URL is only ever shown without its password', () => {
  assert.equal(redactUrl('postgres://me:s3cr%40t@db.example:5432/wrds'), 'postgres://me:***@db.example:5432/wrds');
  assert.equal(redactUrl('postgres://me@db/wrds?password=x&sslmode=require'), 'postgres://me@db/wrds?password=***&sslmode=require');
  assert.equal(redactUrl('postgres://me@db/wrds'), 'postgres://me@db/wrds');
  assert.equal(scrub('auth failed for s3cr@t', 'postgres://me:s3cr%40t@db/x'), 'auth failed for ***');
});

test('a failed connection names the host without the password', async () => {
  // Port 1 on loopback refuses at once.
  await assert.rejects(connect('postgres://me:topsecret@127.0.0.1:1/wrds'), (e: unknown) => {
    assert.ok(e instanceof SourceConnectionError);
    assert.match(e.message, /cannot connect to postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/wrds/);
    assert.doesNotMatch(e.message, /topsecret/);
    return true;
  });
});

test('tables default to the WRDS names; --source-schema and --source-table map others', () => {
  const wrds = sourceTables();
  assert.deepEqual(wrds.positions, { schema: 'revelio_individual', table: 'individual_positions' });
  assert.deepEqual(wrds.companies, { schema: 'revelio_common', table: 'company_mapping' });
  const one = sourceTables({ schema: 'rv', tables: ['skills=other.my_skills'] });
  assert.deepEqual(one.users, { schema: 'rv', table: 'individual_user' });
  assert.deepEqual(one.skills, { schema: 'other', table: 'my_skills' });
  assert.throws(() => sourceTables({ tables: ['jobs=a.b'] }), UsageError);
  assert.throws(() => sourceTables({ tables: ['skills=a.b; drop table x'] }), UsageError);
  assert.throws(() => sourceTables({ schema: 'x y' }), UsageError);
});
