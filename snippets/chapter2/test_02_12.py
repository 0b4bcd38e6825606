# %%
assert body is learn.model[0], "몸통은 learn.model의 0번째 부분입니다."
assert head is learn.model[1], "머리는 learn.model의 1번째 부분입니다."
assert len(body) == 8, f"resnet18 몸통의 층 개수는 8이어야 하는데 {len(body)}입니다."

# %%
assert len(groups) == 3, "splitter에 learn.model을 넣으면 파라미터 그룹 3개가 나와야 합니다."
expected_groups = [params(body[:6]), params(body[6:]), params(head)]
for number, (group, expected) in enumerate(zip(groups, expected_groups)):
    assert len(group) == len(expected), f"그룹 #{number}의 파라미터 개수가 _resnet_split이 나눈 부분과 같아야 합니다."
    assert all(actual is wanted for actual, wanted in zip(group, expected)), \
        f"그룹 #{number}의 파라미터가 _resnet_split이 나눈 부분과 같아야 합니다."
assert [len(group) for group in groups] == [30, 30, 6], \
    f"그룹별 파라미터 텐서 개수는 [30, 30, 6]이어야 하는데 {[len(group) for group in groups]}입니다."
