// Generated from schemas/labels.ts; edit that file, then run `npx vitest run tests/schemas/labels.test.ts -u`.

export const UNITS = {
  "percent": {
    "vi": "%",
    "en": "%",
    "meaning": "percentage points out of 100"
  },
  "count": {
    "vi": "",
    "en": "",
    "meaning": "a plain count"
  },
  "per-100-people": {
    "vi": "trên 100 dân",
    "en": "per 100 people",
    "meaning": "per 100 inhabitants"
  },
  "thousand-persons": {
    "vi": "nghìn người",
    "en": "thousand people",
    "meaning": "thousands of people"
  },
  "vnd-billion": {
    "vi": "tỷ đồng",
    "en": "VND billion",
    "meaning": "billions of Vietnamese dong"
  },
  "rank": {
    "vi": "hạng",
    "en": "rank",
    "meaning": "a rank (1 is first)"
  },
  "index": {
    "vi": "điểm",
    "en": "index points",
    "meaning": "index points"
  }
};

export const OBSERVATION_STATUSES = {
  "final": {
    "vi": "chính thức",
    "en": "final"
  },
  "provisional": {
    "vi": "sơ bộ",
    "en": "provisional"
  },
  "estimate": {
    "vi": "ước tính",
    "en": "estimate"
  }
};

export const PROGRESS_STATUSES = {
  "achieved": {
    "vi": "Đã đạt",
    "en": "Achieved"
  },
  "not-achieved": {
    "vi": "Không đạt đúng hạn",
    "en": "Not reached by the deadline"
  },
  "on-track": {
    "vi": "Đúng hướng",
    "en": "On track"
  },
  "off-track": {
    "vi": "Chậm so với mục tiêu",
    "en": "Off track"
  },
  "no-deadline-figure": {
    "vi": "Chưa có số liệu năm đến hạn",
    "en": "No figure for the deadline year"
  },
  "insufficient-data": {
    "vi": "Chưa đủ số liệu",
    "en": "Too few figures"
  },
  "no-data": {
    "vi": "Chưa có số liệu",
    "en": "No data yet"
  }
};

export const FLAGS = {
  "lower-bound": {
    "vi": "trên (cận dưới)",
    "en": "over (lower bound)",
    "gloss": "the true value is above: 'over 70%'",
    "qualifier": {
      "sign": ">",
      "vi": "trên",
      "en": "over"
    }
  },
  "upper-bound": {
    "vi": "dưới (cận trên)",
    "en": "under (upper bound)",
    "qualifier": {
      "sign": "<",
      "vi": "dưới",
      "en": "under"
    }
  },
  "approximate": {
    "vi": "xấp xỉ",
    "en": "approximate",
    "qualifier": {
      "sign": "≈",
      "vi": "khoảng",
      "en": "about"
    }
  },
  "derived": {
    "vi": "tính toán",
    "en": "derived",
    "gloss": "computed by chiso"
  },
  "proxy": {
    "vi": "số liệu cả nước thay cho TP.HCM",
    "en": "national figure standing in for the city",
    "gloss": "a national figure standing in for the city"
  },
  "break-in-series": {
    "vi": "đứt gãy chuỗi",
    "en": "break in series"
  }
};

export const COMPARATORS = {
  ">=": {
    "sign": "≥",
    "vi": "tối thiểu",
    "en": "at least"
  },
  ">": {
    "sign": ">",
    "vi": "trên",
    "en": "over"
  },
  "=": {
    "sign": "=",
    "vi": "bằng",
    "en": "equal to"
  },
  "<=": {
    "sign": "≤",
    "vi": "tối đa",
    "en": "at most"
  },
  "<": {
    "sign": "<",
    "vi": "dưới",
    "en": "under"
  }
};

export const DOMAINS = {
  "digital-economy": {
    "vi": "Kinh tế số",
    "en": "Digital economy"
  },
  "digital-society": {
    "vi": "Xã hội số",
    "en": "Digital society"
  },
  "digital-government": {
    "vi": "Chính quyền số",
    "en": "Digital government"
  },
  "context": {
    "vi": "Số liệu nền",
    "en": "Context"
  }
};

export const GEOS = {
  "VN-SG": {
    "vi": "TP. Hồ Chí Minh",
    "en": "Ho Chi Minh City"
  },
  "VN": {
    "vi": "Cả nước",
    "en": "Viet Nam"
  }
};

export const TERRITORIES = {
  "vn": {
    "vi": "Việt Nam",
    "en": "Viet Nam"
  },
  "vn-sg-to-2025-06": {
    "vi": "TP. Hồ Chí Minh trước sáp nhập (đến 30/6/2025, khoảng 9,5 triệu dân)",
    "en": "Ho Chi Minh City before the merger (to 30 June 2025, about 9.5 million people)"
  },
  "vn-sg-from-2025-07": {
    "vi": "TP. Hồ Chí Minh sau sáp nhập với Bình Dương và Bà Rịa - Vũng Tàu (từ 1/7/2025, khoảng 14 triệu dân)",
    "en": "Ho Chi Minh City merged with Bình Dương and Bà Rịa - Vũng Tàu (from 1 July 2025, about 14 million people)"
  },
  "not-stated": {
    "vi": "không nêu địa giới",
    "en": "territory not stated"
  }
};
