# Evidence for the short forms of the bok12 preset (run by hand; not used at run time):
# `python3 ambiguous.py DATA_DIR [OUT_DIR]`, where DATA_DIR holds onet-technology-skills/ and
# esco-1.2.0/ (see PROVENANCE.md). For every short form of bok12 (a one-word alias of at
# most 5 characters) and for the three terms the preset once held (`cloud`, `dsp`,
# `neurobiology`, with `neurobiologist`, `neuroscientist`, `neuroscience` beside the
# last), lists where O*NET 29.2 and ESCO
# v1.2.0 use it as a whole word: O*NET technology examples (Technology_Skills `Example`),
# alternate and reported job titles (with the occupation they belong to), ESCO digital,
# research and transversal skill labels (preferred and alternative) and occupation labels.
# Prints a summary and, with OUT_DIR, writes the matching rows as ambiguous-evidence.tsv
# (term, source, code, occupation or concept, text) for the EXTRACT terms and every
# exact (whole-label) use of a short form: the extract docs/taxonomy.md cites.
import csv, json, os, re, sys, collections
csv.field_size_limit(10**9)
if len(sys.argv) not in (2, 3): sys.exit('usage: python3 ambiguous.py DATA_DIR [OUT_DIR]')
D = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
bok = json.load(open(os.path.join(here, '..', 'presets', 'bok12.json'), encoding='utf-8'))
EXTRACT = ('cloud', 'dsp', 'neurobiology', 'neurobiologist', 'neuroscientist', 'neuroscience')
terms = set(EXTRACT)
for s in bok['skills']:
    for a in [s['name']] + s['aliases']:
        if re.fullmatch(r'[a-z][a-z0-9.]{1,4}', a): terms.add(a)
occ = {}
for r in csv.reader(open(os.path.join(D, 'onet-technology-skills', 'Occupation_Data.txt'), encoding='utf-8'), delimiter='\t'):
    occ[r[0]] = r[1]
rows = []  # (term, source, code, occupation/concept, text)
def word(t):
    return re.compile(r'(?<![\w-])' + re.escape(t) + r'(?![\w-])', re.I)
pats = {t: word(t) for t in sorted(terms)}
def scan(source, code, label, text):
    for t, p in pats.items():
        if p.search(text): rows.append((t, source, code, label, text))
O = os.path.join(D, 'onet-technology-skills')
for i, r in enumerate(csv.reader(open(os.path.join(O, 'Technology_Skills.txt'), encoding='utf-8'), delimiter='\t')):
    if i: scan('onet:technology_example', r[0], occ.get(r[0], ''), r[1])
for i, r in enumerate(csv.reader(open(os.path.join(O, 'Alternate_Titles.txt'), encoding='utf-8'), delimiter='\t')):
    if i:
        scan('onet:alternate_title', r[0], occ.get(r[0], ''), r[1])
        if r[2] != 'n/a' and r[2] != r[1]: scan('onet:alternate_title_short', r[0], occ.get(r[0], ''), r[2])
for i, r in enumerate(csv.reader(open(os.path.join(O, 'Sample_of_Reported_Titles.txt'), encoding='utf-8'), delimiter='\t')):
    if i: scan('onet:reported_title', r[0], occ.get(r[0], ''), r[1])
E = os.path.join(D, 'esco-1.2.0')
for f in ['digitalSkillsCollection_en.csv', 'researchSkillsCollection_en.csv', 'transversalSkillsCollection_en.csv']:
    for r in csv.DictReader(open(os.path.join(E, f), encoding='utf-8')):
        for lab in [r['preferredLabel']] + [x for x in re.split(r'\n|\|', r['altLabels']) if x.strip()]:
            scan('esco:skill_label', r['conceptUri'].rsplit('/', 1)[-1], r['preferredLabel'], lab.strip())
for r in csv.DictReader(open(os.path.join(E, 'occupations_en.csv'), encoding='utf-8')):
    for lab in [r['preferredLabel']] + [x for x in re.split(r'\n|\|', r.get('altLabels') or '') if x.strip()]:
        scan('esco:occupation_label', r.get('iscoGroup', ''), r['preferredLabel'], lab.strip())
rows = sorted(set(rows))
by = collections.defaultdict(list)
for r in rows: by[r[0]].append(r)
for t in sorted(terms):
    rs = by.get(t, [])
    where = collections.Counter(f"{r[1]}: {r[3]}" for r in rs)
    exact = [r for r in rs if r[4].lower() == t]
    print(f"{t}: {len(rs)} rows; used alone in {len(exact)} ({'; '.join(sorted(set(f'{r[1]} {r[3]}' for r in exact))) or '-'})")
    for k, n in where.most_common(6): print(f"    {n:4d}  {k}")
if len(sys.argv) == 3:
    with open(os.path.join(sys.argv[2], 'ambiguous-evidence.tsv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, delimiter='\t', lineterminator='\n')
        w.writerow(['term', 'source', 'code', 'occupation_or_concept', 'text'])
        for r in rows:
            if r[0] in EXTRACT or r[4].lower() == r[0]: w.writerow(r)
