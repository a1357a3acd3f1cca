"""Downloads for county auditors: the county audit report as CSV and Excel (.xlsx).

The tables are built once from the report object (`tables`) and rendered twice (`csv`,
`xlsx`), so both formats hold exactly the report's figures.
"""
