#!/usr/bin/env python3
# check-screenshots.py: every screenshot the metainfo names is in data/screenshots, a real PNG
# of a usable size
#
# SPDX-License-Identifier: GPL-3.0-or-later

import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

PREFIX = 'https://raw.githubusercontent.com/finsecure/vigil/main/'
MIN_WIDTH = 620  # AppStream's advice for a screenshot's smallest width


def png_size(path):
    data = path.read_bytes()[:24]
    if len(data) < 24 or data[:8] != b'\x89PNG\r\n\x1a\n' or data[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', data[16:24])


def check(source_root):
    root = Path(source_root)
    metainfo = root / 'data' / 'io.github.finsecure.Vigil.metainfo.xml.in'
    problems = []
    images = [e.text.strip() for e in ET.parse(metainfo).getroot().iter('image') if e.text]

    if not images:
        problems.append(f'{metainfo}: no <screenshot> image')
    for url in images:
        if not url.startswith(PREFIX):
            problems.append(f'{url}: not in this repository ({PREFIX}...)')
            continue
        path = root / url[len(PREFIX):]
        if not path.is_file():
            problems.append(f'{url}: {path} does not exist')
            continue
        size = png_size(path)
        if size is None:
            problems.append(f'{path}: not a PNG image')
        elif size[0] < MIN_WIDTH:
            problems.append(f'{path}: {size[0]} pixels wide, fewer than {MIN_WIDTH}')
    return images, problems


def main():
    images, problems = check(sys.argv[1])
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f'{len(images)} screenshots present')
    return 0


if __name__ == '__main__':
    sys.exit(main())
