"""Database triggers that make a locked payroll run read-only (R-PAY-8, CONVENTIONS).

Triggers refuse any update or delete of a locked run, and any insert, update or delete
of its payslips, lines and adjustments — for PostgreSQL (CI, production) and SQLite.
Migrations install them; a migration that alters a guarded table on SQLite (which
rebuilds the table) removes them first and installs them again after.
"""

# (table, how to find the run's id from the row: "{row}" is NEW or OLD)
GUARDED = [
    ("payroll_payslip", "{row}.run_id"),
    ("payroll_adjustment", "{row}.run_id"),
    (
        "payroll_payslipline",
        "(SELECT p.run_id FROM payroll_payslip p WHERE p.id = {row}.payslip_id)",
    ),
]
RUN_STATUS = "(SELECT r.status FROM payroll_payrollrun r WHERE r.id = {run})"

POSTGRES_FUNCTIONS = """
CREATE OR REPLACE FUNCTION payroll_refuse_locked_run() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'locked' THEN
    RAISE EXCEPTION 'payroll run % is locked and cannot change', OLD.month;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""


def _postgres_child_function(table: str, run_of: str) -> str:
    new_run, old_run = run_of.format(row="NEW"), run_of.format(row="OLD")
    return f"""
CREATE OR REPLACE FUNCTION {table}_refuse_locked() RETURNS trigger AS $$
DECLARE run_status text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    run_status := {RUN_STATUS.format(run=new_run)};
  ELSE
    run_status := {RUN_STATUS.format(run=old_run)};
  END IF;
  IF run_status = 'locked' THEN
    RAISE EXCEPTION 'payroll run is locked: % cannot change', TG_TABLE_NAME;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_locked BEFORE INSERT OR UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION {table}_refuse_locked();
"""


def _sqlite_statements() -> list[str]:
    abort = "BEGIN SELECT RAISE(ABORT, 'payroll run is locked and cannot change'); END"
    statements = [
        f"CREATE TRIGGER payroll_run_locked_{op.lower()} BEFORE {op} ON payroll_payrollrun "
        f"WHEN OLD.status = 'locked' {abort}"
        for op in ("UPDATE", "DELETE")
    ]
    for table, run_of in GUARDED:
        for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            status = RUN_STATUS.format(run=run_of.format(row=row))
            statements.append(
                f"CREATE TRIGGER {table}_locked_{op.lower()} BEFORE {op} ON {table} "
                f"WHEN {status} = 'locked' {abort}"
            )
    return statements


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTIONS, params=None)
        schema_editor.execute(
            "CREATE TRIGGER payroll_payrollrun_locked BEFORE UPDATE OR DELETE "
            "ON payroll_payrollrun FOR EACH ROW EXECUTE FUNCTION payroll_refuse_locked_run();"
        )
        for table, run_of in GUARDED:
            schema_editor.execute(_postgres_child_function(table, run_of), params=None)
    elif vendor == "sqlite":
        for statement in _sqlite_statements():
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"write the locked-run triggers for {vendor}")


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS payroll_payrollrun_locked ON payroll_payrollrun;"
            "DROP FUNCTION IF EXISTS payroll_refuse_locked_run();"
        )
        for table, _run_of in GUARDED:
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {table}_locked ON {table};"
                f"DROP FUNCTION IF EXISTS {table}_refuse_locked();"
            )
    elif vendor == "sqlite":
        for statement in _sqlite_statements():
            name = statement.split()[2]
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
