import { keywordClassifier, run } from './orchestration';

const input = process.argv[2] ?? 'Please refund my last invoice';
const { snapshot, items } = await run(input, keywordClassifier);
for (const item of items) console.log('stream  ', JSON.stringify(item));
console.log('snapshot', JSON.stringify(snapshot));
