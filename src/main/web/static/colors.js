// One colour per emotion, the same everywhere on the page. Names vary between corpora and models
// ("happy", "happiness", "joy"), so synonyms share a colour; labels we do not know get the next free colour.

const BASE = {
  anger: '#f0524f',
  happiness: '#f5a524',
  sadness: '#3b8beb',
  neutral: '#8d99a8',
  fear: '#9b5de5',
  disgust: '#2fb171',
  surprise: '#ef5da8',
  boredom: '#b08968',
  calm: '#14b8a6',
  contempt: '#c9a227',
};

const SYNONYMS = {
  angry: 'anger', ang: 'anger',
  happy: 'happiness', joy: 'happiness', hap: 'happiness', excited: 'happiness',
  sad: 'sadness',
  neu: 'neutral',
  fearful: 'fear', fea: 'fear',
  disgusted: 'disgust', dis: 'disgust',
  surprised: 'surprise', sur: 'surprise',
  bored: 'boredom',
};

const SPARE = ['#06b6d4', '#84cc16', '#e879f9', '#fb923c', '#a3a3a3', '#facc15'];
const assigned = new Map();

export const SILENCE = 'silence';

export function canonical(label) {
  const l = String(label).toLowerCase();
  return SYNONYMS[l] || l;
}

export function colorOf(label) {
  if (label == null || label === SILENCE) return '#5b6472';
  const key = canonical(label);
  if (BASE[key]) return BASE[key];
  if (!assigned.has(key)) assigned.set(key, SPARE[assigned.size % SPARE.length]);
  return assigned.get(key);
}
