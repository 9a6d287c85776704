"""The statistics of the inspections (第三阶段: 监测、挖掘、比对分析、统计及归总; 早发现、早预警、早处理).

Pure core, plain data in and out:
- `facts`: the plain rows the core works on (one per task, per published inspection …).
- `intervals`: proportions with their 95 % Wilson interval, the tests and the
  multiple-comparison correction (SciPy does the arithmetic).
- `figures`: counts per department and for the district, problem rates by category.
- `warnings`: 早预警 — categories significantly above the district, rising trends.
- `suggestions`: next year's ratios from the warnings and the policy's rule.

`extract` is the adapter from the records (through `spotcheck.model` and
`spotcheck.results.deadlines`) to the facts; the command and the site call `report`.
"""
