sitegenSearch.d("0-64",{"t":"2022年测试工作要点","u":"test-plan","e":[["断面水质优良比例","t-water","behind","66.7%（2022年6月）"],["完成方案编制","t-milestone","in_progress","推进中 40%（2022年6月30日）"]]});
