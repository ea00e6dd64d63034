/* vigil-fault-vfs.c: an SQLite VFS for the tests that makes the N-th write or sync fail
 *
 * It wraps the default VFS and becomes the default itself, so every connection the process
 * opens goes through it. Writes (xWrite, xTruncate) and syncs (xSync) of every file (the
 * database, its WAL, a rollback journal) are counted together; the N-th fails, with an I/O
 * error (EIO: that one operation) or a full disk (ENOSPC: that write and every write after it,
 * as a disk that stays full). It lives inside the program, so it works under AddressSanitizer,
 * where an LD_PRELOAD shim would not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "vigil-fault-vfs.h"

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;   /* follows this struct, szOsFile of the wrapped VFS */
} FaultFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;
static gint64 op_count;       /* atomic */
static gint64 fail_at;        /* 0: never */
static VigilFault fault_kind;

static int
fail_now (gboolean is_write)
{
  gint64 n = __atomic_add_fetch (&op_count, 1, __ATOMIC_SEQ_CST);

  if (fail_at <= 0)
    return SQLITE_OK;
  if (fault_kind == VIGIL_FAULT_EIO && n == fail_at)
    return is_write ? SQLITE_IOERR_WRITE : SQLITE_IOERR_FSYNC;
  if (fault_kind == VIGIL_FAULT_ENOSPC && n >= fail_at && is_write)
    return SQLITE_FULL;
  return SQLITE_OK;
}

static int
f_close (sqlite3_file *file)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xClose (f->real);
}

static int
f_read (sqlite3_file *file, void *buf, int amount, sqlite3_int64 offset)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xRead (f->real, buf, amount, offset);
}

static int
f_write (sqlite3_file *file, const void *buf, int amount, sqlite3_int64 offset)
{
  FaultFile *f = (FaultFile *) file;
  int rc = fail_now (TRUE);

  return rc != SQLITE_OK ? rc : f->real->pMethods->xWrite (f->real, buf, amount, offset);
}

static int
f_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  FaultFile *f = (FaultFile *) file;
  int rc = fail_now (TRUE);

  return rc != SQLITE_OK ? (rc == SQLITE_FULL ? SQLITE_FULL : SQLITE_IOERR_TRUNCATE)
                         : f->real->pMethods->xTruncate (f->real, size);
}

static int
f_sync (sqlite3_file *file, int flags)
{
  FaultFile *f = (FaultFile *) file;
  int rc = fail_now (FALSE);

  return rc != SQLITE_OK ? rc : f->real->pMethods->xSync (f->real, flags);
}

static int
f_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xFileSize (f->real, size);
}

static int
f_lock (sqlite3_file *file, int lock)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xLock (f->real, lock);
}

static int
f_unlock (sqlite3_file *file, int lock)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xUnlock (f->real, lock);
}

static int
f_check_reserved_lock (sqlite3_file *file, int *out)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xCheckReservedLock (f->real, out);
}

static int
f_file_control (sqlite3_file *file, int op, void *arg)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xFileControl (f->real, op, arg);
}

static int
f_sector_size (sqlite3_file *file)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xSectorSize (f->real);
}

static int
f_device_characteristics (sqlite3_file *file)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xDeviceCharacteristics (f->real);
}

static int
f_shm_map (sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xShmMap (f->real, region, size, extend, out);
}

static int
f_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xShmLock (f->real, offset, n, flags);
}

static void
f_shm_barrier (sqlite3_file *file)
{
  FaultFile *f = (FaultFile *) file;

  f->real->pMethods->xShmBarrier (f->real);
}

static int
f_shm_unmap (sqlite3_file *file, int delete_flag)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xShmUnmap (f->real, delete_flag);
}

static int
f_fetch (sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xFetch (f->real, offset, amount, out);
}

static int
f_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *page)
{
  FaultFile *f = (FaultFile *) file;

  return f->real->pMethods->xUnfetch (f->real, offset, page);
}

static const sqlite3_io_methods fault_methods = {
  3,
  f_close, f_read, f_write, f_truncate, f_sync, f_file_size, f_lock, f_unlock,
  f_check_reserved_lock, f_file_control, f_sector_size, f_device_characteristics,
  f_shm_map, f_shm_lock, f_shm_barrier, f_shm_unmap, f_fetch, f_unfetch,
};

static int
v_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  FaultFile *f = (FaultFile *) file;
  int rc;

  f->real = (sqlite3_file *) (f + 1);
  memset (f->real, 0, real_vfs->szOsFile);
  rc = real_vfs->xOpen (real_vfs, name, f->real, flags, out_flags);
  /* Methods only on a file that opened: SQLite closes a file that has them. */
  f->base.pMethods = f->real->pMethods != NULL ? &fault_methods : NULL;
  return rc;
}

static int
v_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
v_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
v_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n, out);
}

static void *
v_dl_open (sqlite3_vfs *vfs, const char *name)
{
  return real_vfs->xDlOpen (real_vfs, name);
}

static void
v_dl_error (sqlite3_vfs *vfs, int n, char *out)
{
  real_vfs->xDlError (real_vfs, n, out);
}

static void (*v_dl_sym (sqlite3_vfs *vfs, void *handle, const char *symbol)) (void)
{
  return real_vfs->xDlSym (real_vfs, handle, symbol);
}

static void
v_dl_close (sqlite3_vfs *vfs, void *handle)
{
  real_vfs->xDlClose (real_vfs, handle);
}

static int
v_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
v_sleep (sqlite3_vfs *vfs, int usec)
{
  return real_vfs->xSleep (real_vfs, usec);
}

static int
v_current_time (sqlite3_vfs *vfs, double *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
v_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xGetLastError (real_vfs, n, out);
}

static int
v_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

/**
 * vigil_fault_vfs_install:
 * @at: the write or sync, counted from 1, that fails; 0 for none (only counting)
 * @kind: how it fails
 *
 * Registers the VFS as the default, once; later calls re-arm it and reset the count.
 */
void
vigil_fault_vfs_install (gint64     at,
                         VigilFault kind)
{
  if (real_vfs == NULL)
    {
      real_vfs = sqlite3_vfs_find (NULL);
      g_assert (real_vfs != NULL && real_vfs->iVersion >= 2);
      fault_vfs = (sqlite3_vfs) {
        2, (int) sizeof (FaultFile) + real_vfs->szOsFile, real_vfs->mxPathname, NULL,
        "vigil-fault", NULL,
        v_open, v_delete, v_access, v_full_pathname, v_dl_open, v_dl_error, v_dl_sym,
        v_dl_close, v_randomness, v_sleep, v_current_time, v_get_last_error,
        v_current_time_int64,
      };
      sqlite3_vfs_register (&fault_vfs, 1);
    }
  fail_at = at;
  fault_kind = kind;
  __atomic_store_n (&op_count, 0, __ATOMIC_SEQ_CST);
}

/* The writes and syncs counted since the VFS was armed. */
gint64
vigil_fault_vfs_get_count (void)
{
  return __atomic_load_n (&op_count, __ATOMIC_SEQ_CST);
}
