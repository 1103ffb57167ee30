/**
 * Generating parameters of the synthetic world. Every calibrated number says which
 * published figure it targets (see /docs/calibration.md and the sources in
 * docs/synthetic-world.md); the others are plausible values, marked "plausible".
 *
 * Sources: BOK = Bank of Korea issue note, Dec 2025, as reported by Aju Press, Yonhap,
 * Seoul Economic Daily, SBS, Herald Business, Korea JoongAng Daily (5 Dec 2025);
 * AII = Stanford AI Index (LinkedIn indicators); PwC = PwC AI Jobs Barometer 2024.
 */

/** Parameters of one country (or of the rest-of-world group). */
export interface CountryParams {
  /** Share of the synthetic sample whose origin (first education) is this country. Design choice. */
  originShare: number;
  /** Share of this origin's sample that is AI-skilled. Design choice: oversampled, weights correct it. */
  aiShare: number;
  /**
   * Share of AI among this origin's people that the weights stand for, when the sample
   * oversamples them further (`aiShare` larger): AI people of the origin carry
   * weight × aiShareWeighted / aiShare, the others × (1 − aiShareWeighted) / (1 − aiShare),
   * wherever they work, so the larger sample changes no weighted total. Absent: aiShare.
   */
  aiShareWeighted?: number;
  /** Weighted AI headcount in 2024 that the sample weights reproduce. */
  aiTarget2024: number;
  /** AI wage premium (percent, 100·(exp β − 1)) of the premium sample in 2010 and 2024. */
  premium2010: number;
  premium2024: number;
  /** Log of the median annual salary (USD) of an entry-level worker. Plausible. */
  logWageBase: number;
  /** Mean years from career start to 2025 (exponential cohort law), AI and non-AI. */
  cohortMeanAi: number;
  cohortMeanNonAi: number;
  /** Probability that a graduate studies abroad, AI and non-AI (destinations: `dest`). */
  gradAbroadAi: number;
  gradAbroadNonAi: number;
  /** Probability that one who studied abroad starts working there. */
  stayAfterStudy: number;
  /** Probability that a job change from home goes abroad, AI and non-AI. */
  emigrateAi: number;
  emigrateNonAi: number;
  /** Probability that a job change while abroad returns home. */
  returnHome: number;
  /**
   * Optional trend of returns home: `returnHome` is multiplied by 1 + slope·(y − 2017),
   * clamped to [min, max] (y = year of the job change). Absent: no trend (multiplier 1).
   */
  returnTrend?: { slope: number; min: number; max: number };
  /** Destinations abroad (study and work), relative weights by alpha-2. */
  dest: Record<string, number>;
}

/** Countries written in the data (alpha-2 → how they are spelled). Names first: the main form. */
export const COUNTRY_SPELLINGS: Record<string, { name: string; alpha3: string; variants: string[] }> = {
  KR: { name: 'South Korea', alpha3: 'KOR', variants: ['Korea, Republic of', 'Republic of Korea'] },
  US: { name: 'United States', alpha3: 'USA', variants: ['USA', 'United States of America'] },
  GB: { name: 'United Kingdom', alpha3: 'GBR', variants: ['UK', 'Great Britain'] },
  FR: { name: 'France', alpha3: 'FRA', variants: [] },
  CA: { name: 'Canada', alpha3: 'CAN', variants: [] },
  AU: { name: 'Australia', alpha3: 'AUS', variants: [] },
  DE: { name: 'Germany', alpha3: 'DEU', variants: [] },
  JP: { name: 'Japan', alpha3: 'JPN', variants: [] },
  CN: { name: 'China', alpha3: 'CHN', variants: [] },
  IN: { name: 'India', alpha3: 'IND', variants: [] },
  SG: { name: 'Singapore', alpha3: 'SGP', variants: [] },
  IL: { name: 'Israel', alpha3: 'ISR', variants: [] },
  NL: { name: 'Netherlands', alpha3: 'NLD', variants: ['The Netherlands'] },
  CH: { name: 'Switzerland', alpha3: 'CHE', variants: [] },
  SE: { name: 'Sweden', alpha3: 'SWE', variants: [] },
  ES: { name: 'Spain', alpha3: 'ESP', variants: [] },
  IT: { name: 'Italy', alpha3: 'ITA', variants: [] },
  BR: { name: 'Brazil', alpha3: 'BRA', variants: [] },
  MX: { name: 'Mexico', alpha3: 'MEX', variants: [] },
  TW: { name: 'Taiwan', alpha3: 'TWN', variants: [] },
  VN: { name: 'Vietnam', alpha3: 'VNM', variants: ['Viet Nam'] },
  IE: { name: 'Ireland', alpha3: 'IRL', variants: [] },
  FI: { name: 'Finland', alpha3: 'FIN', variants: [] },
  PL: { name: 'Poland', alpha3: 'POL', variants: [] },
  LU: { name: 'Luxembourg', alpha3: 'LUX', variants: [] },
};

/** Members of the rest-of-world group (`ROW` in params): real countries sharing one parameter set. */
export const ROW_MEMBERS = ['ES', 'IT', 'BR', 'MX', 'TW', 'VN', 'IE', 'FI', 'PL', 'LU'] as const;

const D_KR = { US: 58, JP: 11, CA: 7, SG: 6, DE: 5, GB: 4, AU: 4, CN: 3, NL: 1, CH: 1 };
const D_DEFAULT = { US: 45, GB: 12, DE: 8, CA: 8, AU: 5, CH: 4, NL: 4, SG: 4, FR: 4, SE: 2, JP: 2, IE: 2 };

/** Defaults shared by countries without a calibrated value (plausible). */
const base = {
  cohortMeanAi: 12,
  cohortMeanNonAi: 17,
  gradAbroadAi: 0.06,
  gradAbroadNonAi: 0.03,
  stayAfterStudy: 0.5,
  emigrateAi: 0.012,
  emigrateNonAi: 0.007,
  returnHome: 0.12,
  dest: D_DEFAULT,
};

/**
 * Per-country parameters. aiTarget2024: BOK for KR/US/GB/FR/CA; others plausible, sized
 * after the AI Index ranking of AI talent concentration. premium2024: BOK for KR, US, CA,
 * GB, FR, AU; SG after PwC (7%); others plausible. premium2010: BOK for KR (1.3%); others
 * plausible (a premium that grew over the decade, as the AI Index and PwC describe).
 */
export const COUNTRIES: Record<string, CountryParams> = {
  // KR: oversampled focus country. cohortMeanAi tuned so that weighted AI 2010 ≈ 27,000 (BOK);
  // gradAbroad/stay/emigrate tuned to 11,000 abroad in 2024 (16%, 6 points above non-AI),
  // 6,300 in the US (2,100 in 2010), foreign job changes 1.4% vs 0.8% (BOK).
  // Sample: Korean AI workers are drawn at aiShare 0.85 and weighted as if 0.22
  // (aiShareWeighted: each carries 0.22/0.85 of the weight, the non-AI 0.78/0.15), about four
  // times as many Korean AI movers as at 0.22 for the same weighted totals, so that every
  // Korean AI flow of 2010–2024 counts at least 10 moves each way (published at --min-cell 10).
  // returnTrend (BOK: net outflow every year but 2020): returns home × 1.1 up to 2022, rising
  // slowly after (× 1.14 in 2024; Korean firms opening AI labs and recruiting returnees;
  // plausible); with gradAbroadAi 0.02 the
  // stock abroad that returns come from is large enough for ≥ 10 returns a year, while the
  // growth of that stock keeps the net an outflow by several persons every year.
  // Non-AI: gradAbroadNonAi 0.03 → 0.045 and emigrateNonAi 0.0046 → 0.0052 (Korea sends many
  // graduate students abroad; BOK: non-AI share abroad ≈ 16% − 6 points ≈ 10%, foreign job
  // changes 0.8%).
  KR: { ...base, originShare: 0.28, aiShare: 0.85, aiShareWeighted: 0.22, aiTarget2024: 57000, premium2010: 1.3, premium2024: 6.0, logWageBase: 10.45,
    cohortMeanAi: 22, cohortMeanNonAi: 17, gradAbroadAi: 0.02, gradAbroadNonAi: 0.045, stayAfterStudy: 0.6,
    emigrateAi: 0.0095, emigrateNonAi: 0.0052, returnHome: 0.25, returnTrend: { slope: 0.02, min: 1.1, max: 1.5 }, dest: D_KR },
  US: { ...base, originShare: 0.3, aiShare: 0.25, aiTarget2024: 780000, premium2010: 15, premium2024: 25, logWageBase: 11.0,
    gradAbroadAi: 0.01, gradAbroadNonAi: 0.01, emigrateAi: 0.004, emigrateNonAi: 0.003, dest: { CA: 30, GB: 25, DE: 10, CH: 8, SG: 8, AU: 8, IL: 5, NL: 6 } },
  GB: { ...base, originShare: 0.06, aiShare: 0.22, aiTarget2024: 110000, premium2010: 10, premium2024: 15, logWageBase: 10.75 },
  FR: { ...base, originShare: 0.05, aiShare: 0.21, aiTarget2024: 70000, premium2010: 10, premium2024: 15, logWageBase: 10.6 },
  CA: { ...base, originShare: 0.05, aiShare: 0.22, aiTarget2024: 70000, premium2010: 12, premium2024: 18, logWageBase: 10.8,
    dest: { US: 80, GB: 8, AU: 4, FR: 4, DE: 4 } },
  AU: { ...base, originShare: 0.045, aiShare: 0.21, aiTarget2024: 60000, premium2010: 10, premium2024: 15, logWageBase: 10.8 },
  DE: { ...base, originShare: 0.04, aiShare: 0.2, aiTarget2024: 120000, premium2010: 10, premium2024: 14, logWageBase: 10.8 },
  JP: { ...base, originShare: 0.03, aiShare: 0.15, aiTarget2024: 60000, premium2010: 5, premium2024: 8, logWageBase: 10.55,
    gradAbroadAi: 0.03, emigrateAi: 0.006, emigrateNonAi: 0.003 },
  CN: { ...base, originShare: 0.035, aiShare: 0.22, aiTarget2024: 90000, premium2010: 12, premium2024: 20, logWageBase: 10.1,
    gradAbroadAi: 0.15, gradAbroadNonAi: 0.05, stayAfterStudy: 0.6, emigrateAi: 0.02, dest: { US: 70, GB: 8, CA: 6, AU: 6, SG: 5, DE: 3, JP: 2 } },
  IN: { ...base, originShare: 0.06, aiShare: 0.24, aiTarget2024: 420000, premium2010: 20, premium2024: 30, logWageBase: 9.5,
    gradAbroadAi: 0.12, gradAbroadNonAi: 0.04, stayAfterStudy: 0.65, emigrateAi: 0.025, emigrateNonAi: 0.012,
    dest: { US: 60, GB: 10, CA: 10, AU: 6, SG: 6, DE: 5, NL: 3 } },
  SG: { ...base, originShare: 0.02, aiShare: 0.24, aiTarget2024: 30000, premium2010: 5, premium2024: 7, logWageBase: 10.8 },
  IL: { ...base, originShare: 0.015, aiShare: 0.3, aiTarget2024: 40000, premium2010: 15, premium2024: 20, logWageBase: 10.8 },
  NL: { ...base, originShare: 0.015, aiShare: 0.22, aiTarget2024: 45000, premium2010: 10, premium2024: 14, logWageBase: 10.7 },
  CH: { ...base, originShare: 0.01, aiShare: 0.22, aiTarget2024: 30000, premium2010: 10, premium2024: 15, logWageBase: 11.2 },
  SE: { ...base, originShare: 0.01, aiShare: 0.22, aiTarget2024: 30000, premium2010: 8, premium2024: 12, logWageBase: 10.6 },
  // Rest of world: ten real countries (ROW_MEMBERS) sharing these values; target is the group's total.
  ROW: { ...base, originShare: 0.045, aiShare: 0.15, aiTarget2024: 400000, premium2010: 8, premium2024: 12, logWageBase: 10.1,
    gradAbroadAi: 0.08, emigrateAi: 0.015 },
};

/** The twelve bok12 skill groups (canonical names of the preset). */
export const AI_SKILLS = [
  'artificial intelligence', 'machine learning', 'deep learning', 'natural language processing',
  'computer vision', 'pattern recognition', 'signal processing', 'neuroscience', 'big data',
  'cloud computing', 'data mining', 'robotics',
] as const;
export type AiSkill = (typeof AI_SKILLS)[number];

/**
 * Share of AI users holding each skill. KR: BOK 2024 shares (cloud computing 41%, machine
 * learning 40%, deep learning 17%, signal processing 11%); the other KR shares and all
 * other countries' shares plausible.
 */
export const SKILL_SHARES: { KR: Record<AiSkill, number>; other: Record<AiSkill, number> } = {
  KR: {
    'artificial intelligence': 0.15, 'machine learning': 0.4, 'deep learning': 0.17, 'natural language processing': 0.06,
    'computer vision': 0.06, 'pattern recognition': 0.05, 'signal processing': 0.11, neuroscience: 0.04,
    'big data': 0.2, 'cloud computing': 0.41, 'data mining': 0.08, robotics: 0.05,
  },
  other: {
    'artificial intelligence': 0.2, 'machine learning': 0.45, 'deep learning': 0.2, 'natural language processing': 0.09,
    'computer vision': 0.07, 'pattern recognition': 0.03, 'signal processing': 0.06, neuroscience: 0.03,
    'big data': 0.18, 'cloud computing': 0.38, 'data mining': 0.08, robotics: 0.05,
  },
};

/**
 * Skill-specific shifts of the AI log-premium (log points ×100), Korea only. Solved so that
 * the mean premium of holders of k is the BOK skill premium: pattern recognition 17.9%,
 * brain science (neuroscience) 15.8%, signal processing 11.8%, cloud computing 11.3%; deep
 * learning and machine learning "relatively low" (3% and 2.5% chosen). The shifts are
 * centred so that the KR mean premium stays on its path (see model.ts).
 */
export const KR_SKILL_PREMIUM_PCT: Partial<Record<AiSkill, number>> = {
  'pattern recognition': 17.9,
  neuroscience: 15.8,
  'signal processing': 11.8,
  'cloud computing': 11.3,
  'deep learning': 3.0,
  'machine learning': 2.5,
};

/**
 * How people write each AI skill (all matched by the bok12 preset after the spec's
 * normalisation). Relative weights; `ko` forms appear on Korean profiles only.
 */
export const AI_SPELLINGS: Record<AiSkill, { en: [string, number][]; ko: string[] }> = {
  'artificial intelligence': { en: [['Artificial Intelligence', 70], ['artificial intelligence', 8], ['AI', 8], ['Artificial Intelligence (AI)', 10], ['A.I.', 2], ['ARTIFICIAL INTELLIGENCE', 2]], ko: ['인공지능'] },
  'machine learning': { en: [['Machine Learning', 70], ['machine learning', 10], ['ML', 5], ['Machine Learning (ML)', 10], ['Machine-Learning', 3], ['  Machine   Learning ', 2]], ko: ['머신러닝', '기계학습'] },
  'deep learning': { en: [['Deep Learning', 72], ['deep learning', 8], ['Deep Learning (DL)', 10], ['Neural Networks', 8], ['DEEP LEARNING', 2]], ko: ['딥러닝'] },
  'natural language processing': { en: [['Natural Language Processing', 60], ['NLP', 15], ['Natural Language Processing (NLP)', 20], ['natural language processing', 5]], ko: ['자연어처리'] },
  'computer vision': { en: [['Computer Vision', 75], ['computer vision', 8], ['Image Processing', 12], ['OpenCV', 5]], ko: ['컴퓨터 비전'] },
  'pattern recognition': { en: [['Pattern Recognition', 85], ['pattern recognition', 10], ['Statistical Pattern Recognition', 5]], ko: ['패턴인식'] },
  'signal processing': { en: [['Signal Processing', 60], ['Digital Signal Processing', 15], ['Signal Processing (DSP)', 10], ['Digital Signal Processing (DSP)', 10], ['signal processing', 5]], ko: ['신호처리'] },
  neuroscience: { en: [['Neuroscience', 55], ['Brain Science', 25], ['Cognitive Neuroscience', 10], ['neuroscience', 10]], ko: ['뇌과학'] },
  'big data': { en: [['Big Data', 75], ['big data', 8], ['Big Data Analytics', 12], ['BigData', 5]], ko: ['빅데이터'] },
  'cloud computing': { en: [['Cloud Computing', 80], ['cloud computing', 10], ['Cloud Architecture', 5], ['CLOUD COMPUTING', 5]], ko: ['클라우드 컴퓨팅'] },
  'data mining': { en: [['Data Mining', 85], ['data mining', 10], ['Datamining', 5]], ko: ['데이터마이닝'] },
  robotics: { en: [['Robotics', 80], ['robotics', 8], ['Robot Operating System (ROS)', 6], ['ROS', 6]], ko: ['로봇공학'] },
};

/** Share of a Korean AI profile's AI skills written in Korean. Plausible. */
export const KO_SPELLING_SHARE = 0.08;

/**
 * Non-AI skills (relative weights). The first group are traps: non-AI skills that a
 * substring matcher would take for AI ("learning", "pattern", "machine", "neuro", "vision",
 * "cloud", "data").
 */
export const TRAP_SKILLS = [
  'E-Learning', 'Pattern Making', 'Machine Operation', 'Neurology', 'Online Learning', 'Vision Care',
  'Cloud Storage', 'Data Entry', 'Machine Tools', 'Robotic Process Automation',
];
export const OTHER_SKILLS = [
  'Microsoft Excel', 'Project Management', 'Leadership', 'Management', 'Customer Service', 'Sales',
  'Marketing', 'Communication', 'Teamwork', 'Python', 'Java', 'SQL', 'JavaScript', 'C++', 'Linux',
  'Git', 'Agile Methodologies', 'Data Analysis', 'Statistics', 'Research', 'Public Speaking',
  'Strategic Planning', 'Accounting', 'Finance', 'Business Strategy', 'Negotiation', 'Microsoft Office',
  'Engineering', 'Product Management', 'AutoCAD', 'Teaching', 'Healthcare', 'Software Development',
  'Amazon Web Services (AWS)', 'Docker', 'Kubernetes', 'MATLAB', 'R', 'Tableau', 'Excel',
];
export const OTHER_SKILLS_KO = ['엑셀', '프로젝트 관리', '리더십', '마케팅', '영업'];

/** Roles (role_k50) with their LinkedIn coverage multiplier (weight factor) and wage effect. Plausible. */
export const ROLES: { name: string; tech: boolean; coverage: number; wage: number; aiProb: number; otherProb: number }[] = [
  { name: 'Software Engineer', tech: true, coverage: 1, wage: 0.25, aiProb: 0.34, otherProb: 0.08 },
  { name: 'Data Scientist', tech: true, coverage: 1, wage: 0.3, aiProb: 0.2, otherProb: 0.01 },
  { name: 'Research Scientist', tech: true, coverage: 1.2, wage: 0.2, aiProb: 0.12, otherProb: 0.02 },
  { name: 'Engineer', tech: true, coverage: 1.5, wage: 0.15, aiProb: 0.12, otherProb: 0.1 },
  { name: 'IT Specialist', tech: true, coverage: 1.5, wage: 0.1, aiProb: 0.08, otherProb: 0.06 },
  { name: 'Analyst', tech: false, coverage: 2, wage: 0.1, aiProb: 0.05, otherProb: 0.09 },
  { name: 'Product Manager', tech: false, coverage: 2, wage: 0.25, aiProb: 0.03, otherProb: 0.04 },
  { name: 'Consultant', tech: false, coverage: 2, wage: 0.2, aiProb: 0.03, otherProb: 0.06 },
  { name: 'Sales', tech: false, coverage: 4, wage: 0, aiProb: 0.01, otherProb: 0.12 },
  { name: 'Marketing', tech: false, coverage: 3, wage: 0.02, aiProb: 0.01, otherProb: 0.08 },
  { name: 'Finance', tech: false, coverage: 3, wage: 0.12, aiProb: 0.005, otherProb: 0.08 },
  { name: 'Operations', tech: false, coverage: 5, wage: -0.05, aiProb: 0.005, otherProb: 0.1 },
  { name: 'Administrative', tech: false, coverage: 6, wage: -0.2, aiProb: 0, otherProb: 0.07 },
  { name: 'Educator', tech: false, coverage: 6, wage: -0.15, aiProb: 0.005, otherProb: 0.05 },
  { name: 'Healthcare', tech: false, coverage: 6, wage: 0.05, aiProb: 0, otherProb: 0.04 },
];
/** Specialisations that turn a role_k50 into role_k150. */
export const ROLE_K150_SUFFIX = ['', ' - Senior Track', ' - Specialist'];

/** Industries (rics_k50) with wage effect and share among non-AI positions. Plausible. */
export const INDUSTRIES: { name: string; naics: string; wage: number; share: number }[] = [
  { name: 'Information Services', naics: '519', wage: 0.12, share: 0.08 },
  { name: 'Software', naics: '5112', wage: 0.15, share: 0.08 },
  { name: 'Manufacturing', naics: '31', wage: 0.02, share: 0.16 },
  { name: 'Financial Services', naics: '52', wage: 0.12, share: 0.12 },
  { name: 'Healthcare', naics: '62', wage: -0.02, share: 0.1 },
  { name: 'Education', naics: '61', wage: -0.12, share: 0.08 },
  { name: 'Retail', naics: '44', wage: -0.1, share: 0.12 },
  { name: 'Professional Services', naics: '54', wage: 0.08, share: 0.12 },
  { name: 'Telecommunications', naics: '517', wage: 0.06, share: 0.06 },
  { name: 'Government', naics: '92', wage: -0.05, share: 0.08 },
];
/**
 * Share of AI users' positions in Information Services: BOK, the information-services
 * share of Korean AI workers rose from 22% (2010) to 30% (2024); positions starting in
 * year y get share infoFrom + (infoTo − infoFrom)·(y − 2010)/14, clamped.
 */
export const AI_INFO_SERVICES = { infoFrom: 0.23, infoTo: 0.31 };
/** The rest of AI users' industries (relative weights). Plausible. */
export const AI_OTHER_INDUSTRIES: Record<string, number> = {
  Software: 30, Manufacturing: 18, 'Financial Services': 12, 'Professional Services': 14, Telecommunications: 10,
  Education: 8, Healthcare: 4, Government: 4,
};
/** Firms per country and industry (rcid pool). Plausible. */
export const FIRMS_PER_INDUSTRY = 400;

/**
 * Highest degree. KR AI: BOK, 58% master's or doctorate (35% master's, 23% doctorate); the
 * generated shares are ~4% higher because 4% of people end with no degree recorded (mess).
 * Others plausible. Wage effects plausible (log points).
 */
export const DEGREES = {
  KR_AI: { Doctor: 0.24, Master: 0.36, MBA: 0.01, Bachelor: 0.37, Associate: 0.02 } as Record<string, number>,
  AI: { Doctor: 0.15, Master: 0.4, MBA: 0.02, Bachelor: 0.41, Associate: 0.02 } as Record<string, number>,
  NON_AI: { Doctor: 0.02, Master: 0.15, MBA: 0.05, Bachelor: 0.6, Associate: 0.08, 'High School': 0.1 } as Record<string, number>,
  wage: { Doctor: 0.18, Master: 0.1, MBA: 0.15, Bachelor: 0, Associate: -0.08, 'High School': -0.15 } as Record<string, number>,
};

/**
 * Field of the latest education record. KR AI: BOK, engineering 64%, business 12%, IT 5%
 * (generated ~4% higher: 4% of people have no education records); the rest plausible.
 */
export const FIELDS = {
  KR_AI: { Engineering: 0.67, Business: 0.125, 'Information Technology': 0.052, 'Natural Sciences': 0.08, Mathematics: 0.048, 'Social Sciences': 0.025 } as Record<string, number>,
  AI: { Engineering: 0.45, 'Computer Science': 0.25, Mathematics: 0.1, 'Natural Sciences': 0.1, Business: 0.07, 'Social Sciences': 0.03 } as Record<string, number>,
  NON_AI: { Business: 0.3, Engineering: 0.18, 'Social Sciences': 0.15, Humanities: 0.12, 'Natural Sciences': 0.08, 'Computer Science': 0.05, Education: 0.06, Health: 0.06 } as Record<string, number>,
};

/** Mincer wage model (log points). Plausible textbook values. */
export const WAGE = {
  exp1: 0.04,
  exp2: -0.0007,
  seniority: 0.1,
  /** Nominal wage growth per calendar year of the position start. */
  year: 0.02,
  firmSd: 0.05,
  residualSd: 0.22,
};

/** Shares of the deliberate mess (plausible, small). */
export const MESS = {
  salaryMissing: 0.05,
  weightMissing: 0.01,
  seniorityMissing: 0.02,
  noEducation: 0.04,
  undatedEducation: 0.03,
  educationCountryMissing: 0.01,
  noUserRow: 0.01,
  degreeMissing: 0.03,
  monthOnlyDate: 0.03,
  concurrent: 0.04,
  concurrentAbroad: 0.1,
  sameDayTie: 0.005,
  staleOpen: 0.005,
  gap: 0.15,
  countryAlpha2: 0.05,
  countryAlpha3: 0.03,
  countryVariant: 0.06,
  duplicateAiSkill: 0.05,
  trapSkill: 0.06,
  firstReportedMissing: 0.1,
  /** One user in this many gets an extra position whose country is unknown (`Atlantis`): an expected reject. */
  junkEvery: 25000,
};

/** Calendar of the world. */
export const CALENDAR = {
  firstYear: 1985,
  lastYear: 2024,
  /**
   * Year effects on migration: 2020, the pandemic year, with fewer departures and more
   * returns (BOK: KR net inflow in 2020 only); departures × 0.35, not fewer, so that
   * Korea's AI outflow of 2020 still counts ten moves or more.
   */
  moveOutFactor: { 2020: 0.35 } as Record<number, number>,
  returnFactor: { 2020: 3 } as Record<number, number>,
  /**
   * Departures grow over time (more mobile AI talent; the BOK's rising count abroad,
   * 2,100 → 6,300 in the US): multiplier 1 + slope·(y − 2017), clamped to [min, max].
   */
  emigrationTrend: { slope: 0.03, min: 0.6, max: 1.5 },
};
