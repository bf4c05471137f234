// The fraud review card's strings in both languages, kept beside it (the console's own table is i18n.js);
// the language is the console's (lang() from i18n.js).

import { lang } from '../i18n.js';

const STRINGS = {
  'zh-CN': {
    title: '欺诈审查',
    none: '没有发现可疑的参与。',
    summary: '读取了 {entries} 条参与记录，{flagged} 人被标记（{time}）。',
    chartTitle: '最可疑的分组：按网络每分钟的参与次数',
    chartLabel: '每分钟参与次数折线图：{series}',
    'kind.network-burst': '同一网络短时间内大量参与',
    'kind.fast-riddles': '答题速度超出常人',
    'kind.like-burst': '同一网络集中点赞同一候选人',
    'kind.similar-text': '留言内容相同或近似',
    evidence: '{entrants} 人 · {entries} 次 · {first} 至 {last}',
    network: '网络 {network}',
    candidate: '候选人 {candidate}',
    entrants: '参与者（化名前缀 · 掩码编号）',
    selectAll: '全选此组',
    reason: '取消资格的理由',
    disqualify: '取消所选参与者的资格',
    noneSelected: '请先选择参与者。',
    reasonRequired: '请填写理由。',
    done: '已取消 {count} 人的资格，其点赞已从排行榜移除。',
  },
  en: {
    title: 'Fraud review',
    none: 'Nothing suspicious found.',
    summary: '{entries} entries read, {flagged} entrants flagged ({time}).',
    chartTitle: 'Worst clusters: entries per minute by network',
    chartLabel: 'Line chart of entries per minute: {series}',
    'kind.network-burst': 'Many entrants from one network in a short time',
    'kind.fast-riddles': 'Riddles answered faster than a person reads',
    'kind.like-burst': 'Likes for one candidate in a burst from one network',
    'kind.similar-text': 'Identical or near-identical messages',
    evidence: '{entrants} entrants · {entries} entries · {first} to {last}',
    network: 'network {network}',
    candidate: 'candidate {candidate}',
    entrants: 'Entrants (pseudonym prefix · masked id)',
    selectAll: 'Select the whole cluster',
    reason: 'Reason for disqualifying',
    disqualify: 'Disqualify the selected entrants',
    noneSelected: 'Select entrants first.',
    reasonRequired: 'A reason is required.',
    done: 'Disqualified {count} entrants; their likes left the leaderboard.',
  },
};

/** A string of the fraud card in the console's language, {params} filled in. */
export function tf(key, params = {}) {
  const text = (STRINGS[lang()] ?? STRINGS['zh-CN'])[key] ?? STRINGS['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}
