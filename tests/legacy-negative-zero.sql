-- legacy-negative-zero.sql: a database written by Vigil 0.1.0 before ledger format 2 (schema 6),
-- by importing {"model_name":"M","model_version":"v","decision_type":"t","prediction":"P","confidence":-0}:
-- decision 1 was sealed over the text "-0" and its confidence reads back as 0.0.
-- Made with: vigilctl --db a.db import neg.jsonl; sqlite3 a.db .dump
-- SPDX-License-Identifier: GPL-3.0-or-later
PRAGMA application_id=1449740140;
PRAGMA user_version=6;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE decisions (  id INTEGER PRIMARY KEY AUTOINCREMENT,  timestamp TEXT NOT NULL,  model_name TEXT NOT NULL,  model_version TEXT NOT NULL,  decision_type TEXT NOT NULL,  input_features TEXT,  input_hash TEXT,  prediction TEXT NOT NULL,  confidence REAL,  explanation TEXT,  ticker TEXT,  sector TEXT,  portfolio_id TEXT,  user_id TEXT,  actual_outcome TEXT DEFAULT NULL,  outcome_date TEXT DEFAULT NULL,  reviewed_by TEXT DEFAULT NULL,  review_date TEXT DEFAULT NULL,  review_status TEXT DEFAULT 'pending',  review_notes TEXT DEFAULT NULL,  anomaly_flag INTEGER DEFAULT 0,  anomaly_reason TEXT DEFAULT NULL,  record_hash TEXT NOT NULL);
INSERT INTO decisions VALUES(1,'2026-12-05T10:28:55.753778','M','v','t','{}','44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a','P',0.0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'pending',NULL,0,NULL,'07672ef8224f207f6d0856cb11a7e0eee3926757e5d66bd5d4a3c3bd4d13c6c6');
CREATE TABLE alerts (  id INTEGER PRIMARY KEY AUTOINCREMENT,  timestamp TEXT NOT NULL,  alert_type TEXT NOT NULL,  severity TEXT NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH')),  description TEXT NOT NULL,  model_name TEXT,  acknowledged INTEGER DEFAULT 0,  acknowledged_by TEXT DEFAULT NULL,  subject TEXT,  window_start TEXT,  window_end TEXT,  baseline_start TEXT,  observed REAL,  baseline REAL,  threshold REAL,  n_recent INTEGER,  n_baseline INTEGER,  p_value REAL,  acknowledged_at TEXT DEFAULT NULL,  ack_note TEXT DEFAULT NULL,  record_hash TEXT NOT NULL, raised_at TEXT DEFAULT NULL);
CREATE TABLE events (  id INTEGER PRIMARY KEY AUTOINCREMENT,  timestamp TEXT NOT NULL,  actor TEXT NOT NULL,  action TEXT NOT NULL,  target TEXT,  details TEXT,  record_hash TEXT NOT NULL);
INSERT INTO events VALUES(1,'2026-12-05T10:28:55.756257','root','import','neg.jsonl','{"source":"neg.jsonl","imported":1,"rejected":0,"first_id":1,"last_id":1,"complete":true}','de3544f0008ca27c30d12bd7584912913c63c0de8698f8abc61e4fdc98f42a52');
CREATE TABLE reports (  id INTEGER PRIMARY KEY AUTOINCREMENT,  generated_at TEXT NOT NULL,  period_start TEXT NOT NULL,  period_end TEXT NOT NULL,  models TEXT NOT NULL,  generated_by TEXT NOT NULL,  signed_by TEXT,  pdf_sha256 TEXT,  ledger_head TEXT NOT NULL,  ledger_records INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO meta VALUES('purpose','production');
INSERT INTO meta VALUES('created','2026-12-05T10:28:55.746996');
INSERT INTO meta VALUES('app_version','0.1.0');
CREATE TABLE models (  name TEXT PRIMARY KEY,  decisions INTEGER NOT NULL,  first_timestamp TEXT NOT NULL,  last_timestamp TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO models VALUES('M',1,'2026-12-05T10:28:55.753778','2026-12-05T10:28:55.753778');
CREATE TABLE check_results (  id INTEGER PRIMARY KEY AUTOINCREMENT,  run_at TEXT NOT NULL,  as_of TEXT NOT NULL,  model_name TEXT NOT NULL,  check_type TEXT NOT NULL,  subject TEXT,  outcome TEXT NOT NULL CHECK (outcome IN ('alerted', 'clear', 'insufficient_data',    'not_applicable')),  window_start TEXT NOT NULL,  window_end TEXT NOT NULL,  baseline_start TEXT NOT NULL,  observed REAL,  baseline REAL,  threshold REAL,  n_recent INTEGER,  n_baseline INTEGER,  p_value REAL,  alert_id INTEGER REFERENCES alerts (id),  message TEXT);
CREATE TABLE daily_predictions (  model_name TEXT NOT NULL,  day TEXT NOT NULL,  prediction TEXT NOT NULL,  n INTEGER NOT NULL,  n_confidence INTEGER NOT NULL,  sum_confidence REAL NOT NULL,  PRIMARY KEY (model_name, day, prediction)) WITHOUT ROWID;
INSERT INTO daily_predictions VALUES('M','2026-12-05','P',1,1,0.0);
CREATE TABLE daily_confidence (  model_name TEXT NOT NULL,  day TEXT NOT NULL,  bin INTEGER NOT NULL,  n INTEGER NOT NULL,  PRIMARY KEY (model_name, day, bin)) WITHOUT ROWID;
INSERT INTO daily_confidence VALUES('M','2026-12-05',0,1);
CREATE TABLE daily_entities (  model_name TEXT NOT NULL,  day TEXT NOT NULL,  entity TEXT NOT NULL,  n INTEGER NOT NULL,  PRIMARY KEY (model_name, day, entity)) WITHOUT ROWID;
CREATE TABLE followed_sources (  id INTEGER PRIMARY KEY,  device INTEGER NOT NULL,  inode INTEGER NOT NULL,  head_hash TEXT NOT NULL,  path TEXT NOT NULL,  offset INTEGER NOT NULL CHECK (offset >= 0),  lines INTEGER NOT NULL CHECK (lines >= 0),  updated TEXT NOT NULL,  UNIQUE (device, inode, head_hash));
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('decisions',1);
INSERT INTO sqlite_sequence VALUES('events',1);
CREATE INDEX decisions_time ON decisions (timestamp);
CREATE INDEX decisions_flagged ON decisions (model_name, timestamp) WHERE anomaly_flag = 1;
CREATE UNIQUE INDEX alerts_unique ON alerts (ifnull(model_name, ''), alert_type,  ifnull(subject, ''), ifnull(window_start, ''), ifnull(window_end, ''));
CREATE INDEX alerts_model_time ON alerts (model_name, timestamp);
CREATE INDEX alerts_time ON alerts (timestamp);
CREATE INDEX events_target ON events (target);
CREATE TRIGGER decisions_immutable BEFORE UPDATE OF id, timestamp, model_name, model_version,  decision_type, input_features, input_hash, prediction, confidence, explanation, ticker,  sector, portfolio_id, user_id, record_hash ON decisions  BEGIN SELECT RAISE (ABORT, 'decisions are immutable: the ledger refuses this change'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions  BEGIN SELECT RAISE (ABORT, 'decisions cannot be deleted: the ledger refuses this'); END;
CREATE TRIGGER alerts_immutable BEFORE UPDATE OF id, timestamp, alert_type, severity,  description, model_name, subject, window_start, window_end, baseline_start, observed,  baseline, threshold, n_recent, n_baseline, p_value, record_hash ON alerts  BEGIN SELECT RAISE (ABORT, 'alerts are immutable: the ledger refuses this change'); END;
CREATE TRIGGER alerts_no_delete BEFORE DELETE ON alerts  BEGIN SELECT RAISE (ABORT, 'alerts cannot be deleted: the ledger refuses this'); END;
CREATE TRIGGER events_immutable BEFORE UPDATE ON events  BEGIN SELECT RAISE (ABORT, 'events are immutable: the ledger refuses this change'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events  BEGIN SELECT RAISE (ABORT, 'events cannot be deleted: the ledger refuses this'); END;
CREATE TRIGGER reports_immutable BEFORE UPDATE ON reports  BEGIN SELECT RAISE (ABORT, 'reports are immutable'); END;
CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports  BEGIN SELECT RAISE (ABORT, 'reports cannot be deleted'); END;
CREATE INDEX decisions_model_cover ON decisions (model_name, timestamp, prediction,  confidence, ticker, anomaly_flag);
CREATE INDEX check_results_model_asof ON check_results (model_name, as_of);
CREATE INDEX decisions_reviewed ON decisions (model_name, timestamp)  WHERE review_status IS NOT NULL AND review_status != 'pending';
CREATE INDEX followed_sources_path ON followed_sources (path);
CREATE INDEX events_action ON events (action, id);
CREATE INDEX alerts_window ON alerts (window_end);
CREATE INDEX alerts_model_window ON alerts (model_name, window_end);
COMMIT;
