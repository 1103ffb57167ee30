# How the candidate strings of labelled.csv were picked (run once, by hand; not used at run
# time): `python3 select.py DATA_DIR`, where DATA_DIR holds the source folders named below
# (so-survey-2024-subset/, aijobs-salaries/, onet-technology-skills/, …). Writes cands.json (text, source)
# in the current directory; the labels were then assigned by reading every string (see
# PROVENANCE.md for the rule).
import csv, bz2, collections, random, re, json, os, sys
csv.field_size_limit(10**9)
if len(sys.argv) != 2: sys.exit('usage: python3 select.py DATA_DIR')
D=os.path.join(sys.argv[1],'')
SCREEN=re.compile(r"learn|neural|intellig|vision|language proc|linguist|robot|signal|neuro|brain|big data|cloud|mining|miner|pattern|tensor|torch|keras|scikit|opencv|spark|hadoop|nlp|speech|recogn|cognitive|deep|\bai\b|chatgpt|gpt|predict|machine|data sci|sagemaker|caffe|theano|xgboost|mxnet|spacy|nltk|\bdsp\b|expert system|autonomous|data entry",re.I)
out=[]  # (text, source)
seen=set()
def add(t,src):
    t=t.strip()
    if not t or t in seen: return
    seen.add(t); out.append((t,src))
# SO
so_cols24=['LanguageHaveWorkedWith','PlatformHaveWorkedWith','MiscTechHaveWorkedWith','DatabaseHaveWorkedWith','WebframeHaveWorkedWith','ToolsTechHaveWorkedWith','DevType']
vals=collections.OrderedDict()
with bz2.open(D+'so-survey-2024-subset/survey_data_updated.csv.bz2','rt',encoding='utf-8') as f:
    for row in csv.DictReader(f):
        for c in so_cols24:
            v=row.get(c) or ''
            if v and v!='NA':
                for t in v.split(';'): vals.setdefault(t,f'so-2024:{c}')
with open(D+'so-survey-2025-sample/survey_results_public.csv',encoding='utf-8-sig') as f:
    for row in csv.DictReader(f):
        for c in ['AIModelsHaveWorkedWith','DevType','PlatformHaveWorkedWith','LanguageHaveWorkedWith']:
            v=row.get(c) or ''
            if v and v!='NA':
                for t in v.split(';'): vals.setdefault(t,f'so-2025:{c}')
for t,s in sorted(vals.items()): 
    if t.startswith('Other'): continue
    add(t,s)
# aijobs top 120
jt=collections.Counter()
with open(D+'aijobs-salaries/salaries_2025-01-19.csv') as f:
    for row in csv.DictReader(f): jt[row['job_title']]+=1
for t,_ in sorted(jt.items(), key=lambda kv:(-kv[1],kv[0]))[:120]: add(t,'aijobs:job_title')
# O*NET
ex=collections.Counter()
with open(D+'onet-technology-skills/Technology_Skills.txt',encoding='utf-8') as f:
    r=csv.reader(f,delimiter='\t'); next(r)
    for row in r: ex[row[1]]+=1
exs=sorted(ex)
scr=[e for e in exs if SCREEN.search(e)]
rest=[e for e in exs if not SCREEN.search(e)]
rnd=random.Random(20251201)
for e in scr: add(e,'onet:screen')
for e in rnd.sample(rest,80): add(e,'onet:random')
# ESCO
with open(D+'esco-1.2.0/digitalSkillsCollection_en.csv',encoding='utf-8') as f:
    labs=sorted(row['preferredLabel'] for row in csv.DictReader(f))
scr=[e for e in labs if SCREEN.search(e)]
rest=[e for e in labs if not SCREEN.search(e)]
for e in scr: add(e,'esco:screen')
for e in rnd.sample(rest,80): add(e,'esco:random')
json.dump(out,open('cands.json','w'),ensure_ascii=False)
print(len(out), collections.Counter(s.split(':')[0] for _,s in out))
